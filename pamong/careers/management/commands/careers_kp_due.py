"""`pamong careers kp-due --tenant X [--period YYYY-MM] [--csv]`: the KP due list of a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.careers import rules
from pamong.careers.selectors import kp_due
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


def parse_month(raw: str) -> dt.date:
    try:
        year, month = (int(x) for x in raw.split("-"))
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise CommandError(
            _("%(value)r: diharapkan TTTT-BB") % {"value": raw}, returncode=2
        ) from exc


class Command(TenantCommand):
    help = "List employees due for KP reguler in a period, with the reasons any is blocked."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", help="YYYY-MM (default: the next KP period)")
        parser.add_argument("--csv", action="store_true", help="the export columns as CSV")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        if options["period"]:
            period = parse_month(options["period"])
        else:
            period = rules.next_kp_period(clock.today(tenant))
        if not rules.is_kp_period(period):
            raise CommandError(
                _("%(period)s bukan periode KP menurut aturan yang berlaku") % {"period": period},
                returncode=2,
            )
        rows = kp_due(actor, period)
        if options["csv"]:
            from pamong.careers.views import kp_export

            self.stdout.write(kp_export(rows, period).content.decode(), ending="")
            return
        for r in rows:
            state = "siap" if r.verdict.ready else ("terhambat" if r.verdict.blockers else "berkas")
            reasons = "; ".join(r.verdict.blockers)
            self.stdout.write(
                f"{r.nip}\t{r.name}\t{r.golongan}->{r.verdict.target or '-'}\t{state}\t{reasons}"
            )
        self.stderr.write(
            _("%(period)s: %(count)d jatuh tempo")
            % {"period": f"{period:%Y-%m-%d}", "count": len(rows)}
        )
