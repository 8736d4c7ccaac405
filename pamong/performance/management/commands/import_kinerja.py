from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line, read_file
from pamong.core.models import Tenant
from pamong.performance.imports import ratings_import


class Command(TenantCommand):
    help = "Import ratings per period (kinerja.csv, key nip + periode; docs/formats.md)."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = ratings_import(
            actor=actor,
            data=read_file(path),
            source=str(path),
            ignore_unknown_columns=options["ignore_unknown_columns"],
        )
        self.stdout.write(counts_line(counts, _("nilai")))
