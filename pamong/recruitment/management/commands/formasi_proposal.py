from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, wrote_line
from pamong.core.models import Tenant
from pamong.recruitment.planning_services import formasi_proposal, proposal_csv


class Command(TenantCommand):
    help = "Write the formasi proposal of a year (CSV): ABK against in post, retirements, gap."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        rows = formasi_proposal(actor=actor, year=options["year"])
        Path(options["output"]).write_bytes(proposal_csv(rows))
        total = sum(r.proposal for r in rows)
        self.stdout.write(
            wrote_line(
                options["output"],
                _("%(rows)d baris, usulan %(total)d") % {"rows": len(rows), "total": total},
            )
        )
