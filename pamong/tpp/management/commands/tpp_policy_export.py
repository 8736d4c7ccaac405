import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.tpp.policy import policy_to_yaml
from pamong.tpp.services import policy_in_force, policy_of


class Command(TenantCommand):
    help = "Write the TPP policy in force on a date (default today) as YAML."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--output", default="-")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        day = options["date"] or timezone.localdate()
        row = policy_in_force(tenant, day)
        if row is None:
            raise CommandError(
                _("tidak ada kebijakan TPP yang berlaku pada %(day)s") % {"day": day}, returncode=2
            )
        text = policy_to_yaml(policy_of(row))
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
