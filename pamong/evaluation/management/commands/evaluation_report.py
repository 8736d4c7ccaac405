from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, wrote_line
from pamong.core.models import Tenant
from pamong.evaluation.exports import report_pdf, report_xlsx
from pamong.evaluation.models import Report
from pamong.evaluation.periods import parse_period
from pamong.evaluation.report import build_report_data
from pamong.evaluation.units import build_unit_data


class Command(TenantCommand):
    help = (
        "Write the policy evaluation report of a period (.pdf or .xlsx by the output's "
        "extension): the latest signed version, else the figures computed now (not stored)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", required=True, help="2026-S1, 2026-S2 or 2026")
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--fresh", action="store_true", help="compute now even if a signed version exists"
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        period = parse_period(options["period"])  # InputErrors: exit status 2
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise CommandError(_("--output harus berakhiran .pdf atau .xlsx"), returncode=2)
        signed = (
            Report.objects.filter(tenant=tenant, period=period.code, state=Report.State.SIGNED)
            .order_by("-version")
            .first()
        )
        if signed is not None and not options["fresh"]:
            data, version, state, origin = (
                signed.data,
                signed.version,
                "signed",
                _("ditandatangani"),
            )
            unit_data = signed.unit_data
        else:
            data = build_report_data(tenant, period.code)
            unit_data = build_unit_data(tenant, period.code, data["policies"])
            version, state, origin = 0, "draft", _("dihitung sekarang")
        if suffix == ".pdf":
            output.write_bytes(report_pdf(data, version=version, state=state, unit_data=unit_data))
        else:
            output.write_bytes(report_xlsx(data, unit_data=unit_data))
        self.stdout.write(wrote_line(output, f"{period.code}, {origin}"))
