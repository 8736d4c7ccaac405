from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.leave.config import settings_update


class Command(TenantCommand):
    help = "Set the first year whose annual leave Pamong tracks (opening balances go there)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--first-year", type=int, required=True)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        settings = settings_update(actor=actor, first_year=options["first_year"])
        self.stdout.write(_("tahun pertama yang dicatat: %(year)s") % {"year": settings.first_year})
