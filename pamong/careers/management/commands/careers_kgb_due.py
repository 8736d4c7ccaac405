"""`pamong careers kgb-due --tenant X [--month YYYY-MM]`: KGB falling due in a month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.careers.management.commands.careers_kp_due import parse_month
from pamong.careers.selectors import kgb_due
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "List KGB due in a month (after postponements) with the new gaji pokok."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--month", help="YYYY-MM (default: this month)")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        month = parse_month(options["month"]) if options["month"] else clock.this_month(tenant)
        rows = kgb_due(actor, month)
        for r in rows:
            pay = r.pay.amount if r.pay.amount is not None else "-"
            flag = "" if r.adequate else "predikat-tidak-memadai"
            self.stdout.write(
                f"{r.nip}\t{r.name}\t{r.golongan}\t{r.effective:%Y-%m-%d}\tMKG {r.new_mkg}\t"
                f"{pay}\t{flag}"
            )
        self.stderr.write(
            _("%(period)s: %(count)d jatuh tempo")
            % {"period": f"{month:%Y-%m}", "count": len(rows)}
        )
