from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.attendance.imports import import_attendance
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, progress, read_file
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Import raw attendance punches from attendance.csv or .xlsx (docs/formats.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="leave out rows of unknown NIPs (listed on stderr) instead of failing",
        )
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = import_attendance(
            actor=actor,
            table_or_file=read_file(path),
            source=str(path),
            skip_unknown=options["skip_unknown"],
            ignore_unknown_columns=options["ignore_unknown_columns"],
            track=progress,
        )
        for row, nip in result.skipped:
            message = _("NIP %(nip)s tidak dikenal; baris dilewati") % {"nip": nip}
            self.stderr.write(f"{path}:{row}:nip: {message}")
        self.stdout.write(result.summary())
