from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "pamong.careers"
    label = "careers"

    def ready(self) -> None:
        from pamong.careers.todo import todo_items
        from pamong.core.todo import register

        register("careers", todo_items, order=65)
