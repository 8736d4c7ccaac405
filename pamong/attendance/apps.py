from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "pamong.attendance"
    label = "attendance"

    def ready(self) -> None:
        from pamong.attendance.todo import todo_items
        from pamong.core.todo import register

        register("attendance", todo_items, order=20)
