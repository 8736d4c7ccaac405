from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "pamong.evaluation"
    label = "evaluation"
