from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, wrote_line
from pamong.core.models import Tenant
from pamong.recruitment.export import ranking_csv, ranking_xlsx
from pamong.recruitment.models import Selection
from pamong.recruitment.results_pppk import pppk_csv, pppk_results, pppk_xlsx
from pamong.recruitment.services import selection_results


class Command(TenantCommand):
    help = "Write the ranking of a selection (.csv or .xlsx by the output file's extension)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--selection", required=True, help="selection code")
        parser.add_argument("--output", required=True)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(_("--output harus berakhiran .csv atau .xlsx"), returncode=2)
        selection = Selection.objects.filter(tenant=tenant, code=options["selection"]).first()
        if selection is None:
            raise CommandError(
                _("seleksi %(code)r tidak ada (pamong selection load)")
                % {"code": options["selection"]},
                returncode=2,
            )
        if selection.is_pppk:
            rows = pppk_results(selection)
            output.write_bytes(pppk_xlsx(rows) if suffix == ".xlsx" else pppk_csv(rows))
            self.stdout.write(wrote_line(output, _("%(count)d peserta") % {"count": len(rows)}))
            return
        results = selection_results(selection)
        output.write_bytes(ranking_xlsx(results) if suffix == ".xlsx" else ranking_csv(results))
        self.stdout.write(wrote_line(output, _("%(count)d peserta") % {"count": len(results)}))
