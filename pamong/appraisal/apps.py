from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "pamong.appraisal"
    label = "appraisal"
