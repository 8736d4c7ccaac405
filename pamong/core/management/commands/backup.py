from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.backup import BackupError, backup
from pamong.core.cli import wrote_line


class Command(BaseCommand):
    help = (
        "Write a compressed archive of the database and uploaded files with a manifest and "
        "checksums (docs/formats/backup.md). --output: a folder or a .tar.gz file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        files = len(manifest["files"]) - 1
        detail = _("%(engine)s, %(tables)d tabel, %(rows)d baris, %(files)d berkas") % {
            "engine": manifest["engine"],
            "tables": len(manifest["tables"]),
            "rows": rows,
            "files": files,
        }
        self.stdout.write(wrote_line(path, detail))
