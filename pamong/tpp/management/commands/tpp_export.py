from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, employees, wrote_line
from pamong.core.models import Tenant
from pamong.imports.tabular import parse_month
from pamong.tpp.export import export_csv, export_xlsx
from pamong.tpp.models import TppRun


class Command(TenantCommand):
    help = "Write a month's TPP result (.csv or .xlsx by the output file's extension)."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--adjustment", action="store_true", help="the latest adjustment run instead"
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        try:
            period = parse_month(options["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}", returncode=2) from exc
        output = Path(options["output"])
        if output.suffix.lower() not in (".csv", ".xlsx"):
            raise CommandError(_("--output harus berakhiran .csv atau .xlsx"), returncode=2)
        kind = TppRun.Kind.ADJUSTMENT if options["adjustment"] else TppRun.Kind.NORMAL
        run = TppRun.objects.filter(tenant=tenant, period=period, kind=kind).first()
        if run is None:
            raise CommandError(
                _("belum ada perhitungan TPP untuk %(period)s (pamong tpp run --period ...)")
                % {"period": options["period"]},
                returncode=2,
            )
        data = export_xlsx(run) if output.suffix.lower() == ".xlsx" else export_csv(run)
        output.write_bytes(data)
        self.stdout.write(wrote_line(output, employees(run.employee_count)))
