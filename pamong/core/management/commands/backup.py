from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pamong.core.backup import BackupError, backup


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
        self.stdout.write(
            f"wrote {path} ({manifest['engine']}, {len(manifest['tables'])} tables, "
            f"{rows} rows, {files} files)"
        )
