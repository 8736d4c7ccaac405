from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "pamong.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from pamong.evaluation.selectors import public_summary_link
        from pamong.participation.links import register_public_link

        register_public_link(public_summary_link)
