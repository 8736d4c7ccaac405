from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.recruitment.services import selection_load
from pamong.recruitment.services_pppk import pppk_load


class Command(TenantCommand):
    help = (
        "Create or replace a selection: CASN from formasi, peserta, SKB; PPPK (--kind pppk) "
        "from formasi, peserta with component scores, bobot (docs/formats/selection.md)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--selection", required=True, help="selection code")
        parser.add_argument(
            "--kind", choices=["casn", "pppk"], default="casn", help="selection type (default casn)"
        )
        parser.add_argument("--formasi", required=True)
        parser.add_argument("--peserta", required=True)
        parser.add_argument("--skb", help="CASN: SKB marks")
        parser.add_argument("--bobot", help="PPPK: component weights and minimums")
        parser.add_argument("--name", default="", help="display name of a new selection")
        parser.add_argument(
            "--reason", default="", help="PPPK: why scores change after the announcement"
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        third = "bobot" if options["kind"] == "pppk" else "skb"
        if not options[third]:
            raise CommandError(
                _("--%(option)s wajib untuk --kind %(kind)s")
                % {"option": third, "kind": options["kind"]},
                returncode=2,
            )
        paths = [Path(options[key]) for key in ("formasi", "peserta", third)]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("berkas %(file)s tidak ada") % {"file": path}, returncode=2)
        names = (str(paths[0]), str(paths[1]), str(paths[2]))
        if third == "bobot":
            pppk = pppk_load(
                actor=actor,
                code=options["selection"],
                formasi=paths[0],
                peserta=paths[1],
                bobot=paths[2],
                names=names,
                name=options["name"],
                reason=options["reason"],
            )
            if pppk.changed:
                w = pppk.written
                self.stdout.write(
                    _(
                        "seleksi PPPK %(code)s dimuat: %(lines)d baris formasi, "
                        "%(candidates)d peserta (%(new)d baru, %(changed)d berubah, "
                        "%(removed)d dihapus)"
                    )
                    % {
                        "code": pppk.selection.code,
                        "lines": pppk.lines,
                        "candidates": pppk.candidates,
                        "new": w.created if w else 0,
                        "changed": w.updated if w else 0,
                        "removed": w.deleted if w else 0,
                    }
                )
            else:
                self.stdout.write(
                    _("seleksi %(code)s tidak berubah") % {"code": pppk.selection.code}
                )
            return
        outcome = selection_load(
            actor=actor,
            code=options["selection"],
            formasi=paths[0],
            peserta=paths[1],
            skb=paths[2],
            names=names,
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
