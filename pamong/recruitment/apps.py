from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "pamong.recruitment"
    label = "recruitment"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.recruitment.todo import todo_items

        register("recruitment", todo_items, order=68)
