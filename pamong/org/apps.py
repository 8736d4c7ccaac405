from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "pamong.org"
    label = "org"
    verbose_name = "Organisasi dan pegawai"

    def ready(self) -> None:
        from pamong.core.actor import register_employee_facts
        from pamong.org.actors import employee_facts

        register_employee_facts(employee_facts)
