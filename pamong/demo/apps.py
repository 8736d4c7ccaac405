from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pamong.demo"
    label = "demo"
