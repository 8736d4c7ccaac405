from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "pamong.competence"
    label = "competence"
