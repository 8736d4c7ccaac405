from django.apps import AppConfig


class KinerjaOrgConfig(AppConfig):
    name = "pamong.kinerja_org"
    label = "kinerja_org"
