from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant
from pamong.leave.config import rule_delete, rule_set
from pamong.leave.models import LeaveRule
from pamong.org.models import Unit

NUMBERS = ("attachment_over_days", "max_months", "min_service_years", "early_days")
TEXTS = ("approver", "attachment_label", "early_reasons")


def _number(value: str) -> int | None:
    """'-' clears the field back to the default."""
    if value == "-":
        return None
    if not value.isdigit():
        raise CommandError(_("bukan bilangan bulat: %(value)r") % {"value": value}, returncode=2)
    return int(value)


class Command(TenantCommand):
    help = (
        "Change a leave type's rule for the tenant or one OPD (--unit KODE): approver, "
        "attachment threshold, maximum months, minimum years of service, PPPK early annual "
        "leave (days, reasons). '-' resets a value; --delete removes the rule row."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--kind", required=True, help="tahunan, besar, sakit, ...")
        parser.add_argument("--unit", help="OPD code; the rule then applies to that OPD only")
        parser.add_argument("--approver", help="opd_head or bkpsdm ('-' resets)")
        parser.add_argument("--attachment-over-days", help="working days; 0 = always")
        parser.add_argument("--attachment-label", help="e.g. 'surat keterangan dokter'")
        parser.add_argument("--max-months")
        parser.add_argument("--min-service-years")
        parser.add_argument(
            "--early-days", help="cuti tahunan days a PPPK may take before 1 year (default 6)"
        )
        parser.add_argument(
            "--early-reasons",
            help="comma-separated: darurat_keluarga,pernikahan_pertama ('-' resets)",
        )
        parser.add_argument(
            "--delete", action="store_true", help="remove the rule row (back to the defaults)"
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(tenant=tenant, code=options["unit"]).first()
            if unit is None:
                raise CommandError(
                    _("unit %(unit)r tidak dikenal") % {"unit": options["unit"]}, returncode=2
                )
        if options["delete"]:
            row = LeaveRule.objects.filter(tenant=tenant, kind=options["kind"], unit=unit).first()
            if row is None:
                raise CommandError(_("aturan itu tidak ada"), returncode=2)
            rule_delete(actor=actor, rule=row)
            self.stdout.write(
                _("aturan %(kind)s %(unit)s dihapus")
                % {"kind": options["kind"], "unit": options["unit"] or "(pemda)"}
            )
            return
        changes: dict[str, Any] = {}
        for name in NUMBERS:
            if options[name] is not None:
                changes[name] = _number(options[name])
        for name in TEXTS:
            if options[name] is not None:
                changes[name] = None if options[name] == "-" else options[name]
        rule = rule_set(actor=actor, kind=options["kind"], unit=unit, **changes)
        self.stdout.write(
            _("aturan %(kind)s %(unit)s diperbarui")
            % {"kind": rule.kind, "unit": options["unit"] or "(pemda)"}
        )
