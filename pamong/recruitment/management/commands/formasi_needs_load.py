from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line
from pamong.core.models import Tenant
from pamong.recruitment.planning_services import formasi_needs_load


class Command(TenantCommand):
    help = "Load a year's workload analysis (ABK) per OPD and jabatan (docs/formats.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("berkas %(file)s tidak ada") % {"file": path}, returncode=2)
        created, updated, unchanged = formasi_needs_load(
            actor=actor, year=options["year"], data=path, source=str(path)
        )
        self.stdout.write(
            counts_line({"created": created, "updated": updated, "unchanged": unchanged})
        )
