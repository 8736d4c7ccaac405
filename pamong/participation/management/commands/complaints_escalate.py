"""`pamong complaints escalate --tenant SLUG [--date YYYY-MM-DD]`: escalate what is overdue.

Reports past a deadline and forum action items past their due date go to the head of the
responsible OPD; running it again escalates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.participation.deadlines import escalate_overdue
from pamong.participation.forums import escalate_overdue_items
from pamong.participation.services import tenant_today


class Command(TenantCommand):
    help = "Bring overdue public reports to the head of the responsible OPD (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="count deadlines as of this day (default: today in the tenant's zone)",
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        today = options["date"] or tenant_today(tenant)
        created = escalate_overdue(actor=actor, today=today)
        items = escalate_overdue_items(actor=actor, today=today)
        self.stdout.write(_("dieskalasi: %(count)d") % {"count": len(created)})
        self.stdout.write(_("tindak lanjut forum dieskalasi: %(count)d") % {"count": items})
