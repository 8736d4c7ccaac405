from django.apps import AppConfig


class LeaveConfig(AppConfig):
    name = "pamong.leave"
    label = "leave"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.leave.todo import todo_items

        register("leave", todo_items, order=10)
