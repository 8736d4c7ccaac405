from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line, read_file
from pamong.core.models import Tenant
from pamong.kinerja_org.treefile import tree_import


class Command(TenantCommand):
    help = (
        "Import the performance tree of a year (sasaran, indikator, Perjanjian Kinerja) from "
        "YAML (docs/formats.md); all or nothing."
    )
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("file", type=Path)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = tree_import(
            actor=actor, year=options["year"], data=read_file(path), source=str(path)
        )
        self.stdout.write(counts_line(result.counts))
