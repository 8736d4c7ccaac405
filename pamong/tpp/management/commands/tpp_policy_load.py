from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

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
        verb = "loaded" if created else "replaced"
        self.stdout.write(f"{verb} policy {row.name!r} effective from {row.effective_from}")
