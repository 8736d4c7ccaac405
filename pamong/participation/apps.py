from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "pamong.participation"
    label = "participation"
