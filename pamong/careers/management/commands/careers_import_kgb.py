"""`pamong careers import kgb FILE --tenant X`: import KGB history (docs/formats/careers.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.careers.imports import kgb_history_import
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Import KGB history (CSV/XLSX, all or nothing; docs/formats/careers.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = kgb_history_import(actor=actor, data=read_file(path), source=str(path))
        self.stdout.write(
            "kgb: {created} created, {updated} updated, {unchanged} unchanged".format(**counts)
        )
