from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "pamong.appraisal"
    label = "appraisal"

    def ready(self) -> None:
        from pamong.appraisal.services.unit_predikat import follow_unit_predikat
        from pamong.performance.services import unit_predikat_changed

        unit_predikat_changed.connect(follow_unit_predikat, dispatch_uid="appraisal.follow")

        from pamong.appraisal.todo import todo_items
        from pamong.core.todo import register

        register("appraisal", todo_items, order=30)
