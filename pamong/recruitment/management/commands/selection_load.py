from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.recruitment.services import selection_load


class Command(TenantCommand):
    help = "Create or replace a selection from formasi, peserta, SKB (docs/formats/selection.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--selection", required=True, help="selection code")
        parser.add_argument("--formasi", required=True)
        parser.add_argument("--peserta", required=True)
        parser.add_argument("--skb", required=True)
        parser.add_argument("--name", default="", help="display name of a new selection")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        paths = [Path(options[key]) for key in ("formasi", "peserta", "skb")]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("berkas %(file)s tidak ada") % {"file": path}, returncode=2)
        outcome = selection_load(
            actor=actor,
            code=options["selection"],
            formasi=paths[0],
            peserta=paths[1],
            skb=paths[2],
            names=(str(paths[0]), str(paths[1]), str(paths[2])),
            name=options["name"],
        )
        for warning in outcome.warnings:
            self.stderr.write(_("peringatan: %(message)s") % {"message": warning})
        code = outcome.selection.code
        if outcome.changed:
            self.stdout.write(
                _("seleksi %(code)s dimuat: %(lines)d baris formasi, %(candidates)d peserta")
                % {"code": code, "lines": outcome.lines, "candidates": outcome.candidates}
            )
        else:
            self.stdout.write(_("seleksi %(code)s tidak berubah") % {"code": code})
