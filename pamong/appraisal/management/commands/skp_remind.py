"""`pamong skp remind --tenant SLUG [--dry-run] [--date YYYY-MM-DD]`: e-mail the reminders.

Each user with open SKP tasks and an e-mail address gets one digest a day; running it again
on the same day sends nothing twice. Celery beat runs the same thing daily for every tenant.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from pamong.appraisal.digest import (
    email_reminders_enabled,
    recipient_count,
    send_reminder_digests,
)
from pamong.appraisal.services.common import tenant_today
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "E-mail each user their SKP reminders (at most one digest a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would get mail; send nothing"
        )
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            default=None,
            help="remind as of this day (default: today in the tenant's zone)",
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        if not email_reminders_enabled(tenant):
            self.stdout.write(_("pengingat surel dimatikan untuk pemda ini (pamong skp settings)"))
            return
        today = options["date"] or tenant_today(actor)
        with tqdm(
            total=recipient_count(tenant),
            desc=_("pengguna"),
            disable=not sys.stderr.isatty(),
            leave=False,
        ) as bar:
            result = send_reminder_digests(
                actor=actor, today=today, dry_run=options["dry_run"], on_batch=bar.update
            )
        if result.dry_run:
            for email, items in result.preview:
                self.stdout.write(f"{email}\t{items}")
            self.stdout.write(_("akan dikirim: %(count)d") % {"count": len(result.preview)})
        else:
            self.stdout.write(_("terkirim: %(count)d") % {"count": result.sent})
            if result.failed:
                self.stderr.write(
                    _("gagal: %(count)d (dicoba lagi pada putaran berikutnya)")
                    % {"count": result.failed}
                )
        self.stdout.write(_("sudah dikirim hari ini: %(count)d") % {"count": result.already_sent})
