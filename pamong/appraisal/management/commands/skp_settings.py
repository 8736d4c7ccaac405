"""`pamong skp settings --tenant SLUG [--email-reminders on|off]`: the tenant's SKP settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.appraisal.digest import appraisal_settings_update, email_reminders_enabled
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = "Show or change the tenant's SKP settings (e-mail reminders on or off)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--email-reminders", choices=["on", "off"], default=None)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        if options["email_reminders"] is not None:
            appraisal_settings_update(
                actor=actor, email_reminders=options["email_reminders"] == "on"
            )
        state = _("hidup") if email_reminders_enabled(tenant) else _("mati")
        self.stdout.write(_("pengingat surel: %(state)s") % {"state": state})
