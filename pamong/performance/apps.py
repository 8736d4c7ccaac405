from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "pamong.performance"
    label = "performance"
