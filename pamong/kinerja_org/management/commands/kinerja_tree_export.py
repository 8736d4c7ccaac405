from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.kinerja_org.treefile import tree_export


class Command(TenantCommand):
    help = "Write the performance tree of a year as YAML (the import format)."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", default="-")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        text = tree_export(tenant, options["year"])
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
