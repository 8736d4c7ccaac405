from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.imports.tabular import parse_date
from pamong.participation.skm import skm_report, write_report


class Command(TenantCommand):
    help = "Write the IKM per unit and service for a date range (.csv or .xlsx by extension)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="FILE.csv or FILE.xlsx")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        try:
            date_from = parse_date(options["date_from"])
            date_to = parse_date(options["date_to"])
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if date_from > date_to:
            raise CommandError(_("--from lebih lambat dari --to"), returncode=2)
        rows = skm_report(actor=actor, date_from=date_from, date_to=date_to)
        write_report(rows, Path(options["output"]))
        if not rows:
            self.stderr.write(
                _("tidak ada jawaban dalam rentang tanggal itu; hanya judul kolom ditulis")
            )
