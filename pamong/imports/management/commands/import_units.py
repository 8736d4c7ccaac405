from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, progress
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.imports.units import import_units


class Command(TenantCommand):
    help = "Import organisation units from units.csv or .xlsx (docs/formats.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputErrors(
                [InputError(message=exc.strerror or str(exc), source=str(path))]
            ) from exc
        result = import_units(
            actor=actor,
            table_or_file=data,
            source=str(path),
            ignore_unknown_columns=options["ignore_unknown_columns"],
            track=progress,
        )
        self.stdout.write(result.summary())
