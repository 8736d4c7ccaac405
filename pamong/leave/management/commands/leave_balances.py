from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, employees, wrote_line
from pamong.core.models import Tenant
from pamong.leave.balance_io import balances_csv, balances_xlsx, tenant_balances


class Command(TenantCommand):
    help = "Write annual leave balances of a year (.csv or .xlsx by the output's extension)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(_("--output harus berakhiran .csv atau .xlsx"), returncode=2)
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("--year harus berupa tahun seperti 2026"), returncode=2)
        balances = tenant_balances(actor, year)
        data = balances_xlsx(balances, year) if suffix == ".xlsx" else balances_csv(balances)
        output.write_bytes(data)
        self.stdout.write(wrote_line(output, employees(len(balances))))
