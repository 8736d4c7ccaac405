"""`pamong careers import assessment FILE --tenant X`: potential scores for the 9-box
(docs/formats/careers.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.careers.imports import assessment_import
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Import 9-box assessment scores (CSV/XLSX, all or nothing; docs/formats/careers.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = assessment_import(actor=actor, data=read_file(path), source=str(path))
        self.stdout.write(
            "asesmen: {created} created, {updated} updated, {unchanged} unchanged".format(**counts)
        )
