from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "pamong.performance"
    label = "performance"

    def ready(self) -> None:
        from pamong.core.todo import register
        from pamong.performance.todo import todo_items

        register("performance", todo_items, order=55)
