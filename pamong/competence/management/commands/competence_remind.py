"""`pamong competence remind --tenant T [--dry-run] [--date YYYY-MM-DD]`: from July on,
e-mail employees below their yearly JP and their supervisors (once a month each)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.competence.reports import send_reminders
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "E-mail JP reminders to employees and supervisors (third quarter on)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="list who would get mail")
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        today = options["date"] or clock.today(tenant)
        result = send_reminders(actor=actor, today=today, dry_run=options["dry_run"])
        if not result.season:
            self.stdout.write(_("tidak ada pengingat sebelum triwulan ketiga (Juli)"))
            return
        if options["dry_run"]:
            for email, lines in result.preview:
                self.stdout.write(f"{email}\t{lines}")
            self.stdout.write(_("akan dikirim: %(count)d") % {"count": len(result.preview)})
        else:
            self.stdout.write(_("terkirim: %(count)d") % {"count": result.sent})
        self.stdout.write(_("sudah dikirim bulan ini: %(count)d") % {"count": result.already})
