from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from pamong.imports.retention import purge_old_uploads


class Command(BaseCommand):
    help = (
        "Delete uploaded import files older than the retention period "
        "(PAMONG_IMPORT_RETENTION_DAYS, default 90)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="override the setting")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = purge_old_uploads(options["days"])
        self.stdout.write(_("berkas impor dihapus: %(count)d") % {"count": removed})
