from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "pamong.competence"
    label = "competence"

    def ready(self) -> None:
        from pamong.competence.todo import todo_items
        from pamong.core.todo import register

        register("competence", todo_items, order=60)
