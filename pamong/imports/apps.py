from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pamong.imports"
    label = "imports"
