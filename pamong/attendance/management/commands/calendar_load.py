from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.attendance.calendar import load_calendar
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Load calendar.yaml (docs/formats.md); replaces the current calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        load_calendar(actor=actor, data=read_file(path), source=str(path))
        self.stdout.write(_("kalender %(tenant)s dimuat") % {"tenant": tenant.slug})
