import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, employees
from pamong.core.models import Tenant
from pamong.imports.tabular import parse_month
from pamong.tpp.runs import tpp_run_compute


class Command(TenantCommand):
    help = "Compute TPP for a month (re-running replaces an unapproved run)."
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--period", required=True, help="YYYY-MM")
        parser.add_argument(
            "--adjustment",
            action="store_true",
            help="an explicit adjustment run for an approved month (stores the differences)",
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="the month is not over yet: compute a provisional (sementara) draft",
        )

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        try:
            period = parse_month(options["period"])
        except ValueError as exc:
            raise CommandError(f"--period: {exc}", returncode=2) from exc
        # A bar on a terminal only (formats.md); classify_month reports its progress.
        with tqdm(
            total=0, desc="TPP", unit=_("pegawai"), disable=not sys.stderr.isatty(), leave=False
        ) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            run = tpp_run_compute(
                actor=actor,
                period=period,
                adjustment=options["adjustment"],
                partial=options["partial"],
                progress=progress,
            )
        provisional = f" ({_('sementara')})" if run.provisional else ""
        self.stdout.write(
            _("%(run)s%(provisional)s: %(employees)s, netto %(netto)s")
            % {
                "run": run,
                "provisional": provisional,
                "employees": employees(run.employee_count),
                "netto": run.totals.get("netto", 0),
            }
        )
        for warning in run.warnings:
            self.stderr.write(_("peringatan: %(message)s") % {"message": warning["message"]})
