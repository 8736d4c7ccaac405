from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "pamong.recruitment"
    label = "recruitment"
