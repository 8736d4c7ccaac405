from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.attendance.imports import import_leave
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Import approved leave (cuti) from leave.csv or .xlsx (docs/formats.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = import_leave(
            actor=actor,
            table_or_file=read_file(path),
            source=str(path),
            ignore_unknown_columns=options["ignore_unknown_columns"],
        )
        self.stdout.write(result.summary())
