from django.apps import AppConfig


class AppraisalConfig(AppConfig):
    name = "pamong.appraisal"
    label = "appraisal"

    def ready(self) -> None:
        from pamong.appraisal.pk_coverage import RhkCoverage
        from pamong.appraisal.services.unit_predikat import follow_unit_predikat
        from pamong.appraisal.todo import todo_items
        from pamong.core.todo import register
        from pamong.kinerja_org.coverage import register_rhk_reader
        from pamong.performance.services import unit_predikat_changed

        unit_predikat_changed.connect(follow_unit_predikat, dispatch_uid="appraisal.follow")
        # The performance tree reads the heads' RHK on its PK items through this reader.
        register_rhk_reader(RhkCoverage())
        register("appraisal", todo_items, order=30)
