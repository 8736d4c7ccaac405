"""`pamong competence import levels --tenant T FILE` (CSV or XLSX; docs/formats/competence.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.competence.needs import levels_import
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Import assessed competency levels (docs/formats/competence.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = levels_import(actor=actor, data=path.read_bytes(), source=str(path))
        self.stdout.write(counts_line(counts))
