from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "pamong.competence"
    label = "competence"

    def ready(self) -> None:
        from pamong.appraisal.development import register_development_reader
        from pamong.competence.skp_panel import SkpDevelopment
        from pamong.competence.todo import todo_items
        from pamong.core.todo import register

        register("competence", todo_items, order=60)

        # Coaching and mentoring sessions count as JP (competence/pembinaan.py).
        from pamong.competence.pembinaan import on_sessions_changed
        from pamong.performance.pembinaan import sessions_changed

        sessions_changed.connect(on_sessions_changed, dispatch_uid="competence.pembinaan")

        # The SKP page shows the IDP and JP of its year through this reader.
        register_development_reader(SkpDevelopment())
