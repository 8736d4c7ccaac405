from django.apps import AppConfig


class TppConfig(AppConfig):
    name = "pamong.tpp"
    label = "tpp"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.tpp.todo import todo_items

        register("tpp", todo_items, order=50)
