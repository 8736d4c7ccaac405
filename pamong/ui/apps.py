from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "pamong.ui"
    label = "ui"
