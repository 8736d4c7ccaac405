from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.participation.skm import skm_import


class Command(TenantCommand):
    help = "Import SKM survey responses (skm.csv or .xlsx; docs/formats.md), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        result = skm_import(
            actor=actor,
            path=Path(options["file"]),
            ignore_unknown_columns=options["ignore_unknown_columns"],
        )
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged} (services created {result.services_created})"
        )
