from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "pamong.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from django.apps import apps

        from pamong.evaluation.selectors import public_summary_link
        from pamong.participation.links import register_public_link

        register_public_link(public_summary_link)
        # Competence is an optional app (.importlinter): its indicators only when installed.
        if apps.is_installed("pamong.competence"):
            from pamong.evaluation.indicators_competence import register_competence_indicators

            register_competence_indicators()
