from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "pamong.imports"
    label = "imports"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.imports.todo import todo_items

        register("imports", todo_items, order=70)
