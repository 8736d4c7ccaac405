from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, read_file
from pamong.core.models import Tenant
from pamong.tpp.services import tpp_policy_load


class Command(TenantCommand):
    help = "Load a TPP policy (tpp-policy.yaml, docs/formats.md); same effective_from: replaced."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        row, created = tpp_policy_load(actor=actor, data=read_file(path), source=str(path))
        message = (
            _("kebijakan %(name)r dimuat, berlaku mulai %(day)s")
            if created
            else _("kebijakan %(name)r diganti, berlaku mulai %(day)s")
        )
        self.stdout.write(message % {"name": row.name, "day": row.effective_from})
