from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `pamong backup` onto an empty installation (a new "
        "database, migrated or not, and an empty MEDIA_ROOT); verifies every checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "%(archive)s dipulihkan (dibuat %(made)s): "
                "%(tables)d tabel dan %(files)d berkas diperiksa"
            )
            % {
                "archive": options["archive"],
                "made": manifest["created_at"],
                "tables": len(manifest["tables"]),
                "files": len(manifest["files"]) - 1,
            }
        )
