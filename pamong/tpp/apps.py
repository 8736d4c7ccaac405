from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "pamong.tpp"
    label = "tpp"
