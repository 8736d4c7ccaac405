from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "pamong.participation"
    label = "participation"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.participation.todo import todo_items

        register("participation", todo_items, order=40)
