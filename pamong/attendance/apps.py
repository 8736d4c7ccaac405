from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "pamong.attendance"
    label = "attendance"
