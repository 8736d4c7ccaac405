from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant
from pamong.leave.balance_io import import_openings


class Command(TenantCommand):
    help = "Import opening annual-leave balances (nip, tahun, sisa_tahun_lalu; docs/formats.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = import_openings(
            actor=actor,
            table_or_file=read_file(path),
            source=str(path),
            ignore_unknown_columns=options["ignore_unknown_columns"],
        )
        self.stdout.write(result.summary())
