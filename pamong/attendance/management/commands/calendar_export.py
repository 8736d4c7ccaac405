from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.attendance.calendar import export_calendar
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Write the tenant's calendar as calendar.yaml (to --output, or stdout)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--output", type=Path)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        text = export_calendar(tenant)
        output = Path(options["output"]) if options["output"] else None
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
