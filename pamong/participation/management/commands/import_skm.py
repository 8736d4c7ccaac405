from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line
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
        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        services = _("layanan dibuat: %(count)d") % {"count": result.services_created}
        self.stdout.write(f"{counts_line(counts)} ({services})")
