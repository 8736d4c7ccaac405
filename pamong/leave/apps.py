from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "pamong.leave"
    label = "leave"
