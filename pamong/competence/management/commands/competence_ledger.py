"""`pamong competence ledger --tenant T --year Y --output FILE`: every active employee's JP
for the year with their target and what is missing (CSV, or XLSX when FILE ends in .xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.competence.reports import ledger_csv, ledger_table, ledger_xlsx
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Write the yearly JP ledger of every active employee (CSV or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="FILE.csv or FILE.xlsx; - for stdout")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        rows = ledger_table(tenant, options["year"])
        output = options["output"]
        if output.lower().endswith(".xlsx"):
            Path(output).write_bytes(ledger_xlsx(rows, options["year"]))
        elif output == "-":
            self.stdout.write(ledger_csv(rows).decode("utf-8"), ending="")
            return
        else:
            Path(output).write_bytes(ledger_csv(rows))
        below = sum(1 for r in rows if r[-1])
        self.stderr.write(
            _("pegawai: %(count)d, di bawah target: %(below)d")
            % {"count": len(rows), "below": below}
        )
