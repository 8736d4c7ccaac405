from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pamong.api"
    label = "api"

    def ready(self) -> None:
        from pamong.api import schema  # noqa: F401 - registers the OpenAPI auth extension
