from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pamong.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from pamong.accounts import receivers  # noqa: F401 - connects the signal handlers
