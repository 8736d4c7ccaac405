from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "pamong.careers"
    label = "careers"
