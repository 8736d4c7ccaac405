"""`pamong demo`: demo tenants with a realistic org, employees and one login per role."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from pamong.demo.bulk import refresh_planner_statistics
from pamong.demo.data import PRESETS, preset_for
from pamong.demo.generator import NotADemoTenant, find_hooks, generate_tenant, last_months
from pamong.demo.logins import DEMO_PASSWORD, Login, ensure_superadmin

BENCH_SCALE = 20_000
ORG_STEPS = ("units", "employees", "supervisors", "history", "logins")


def step_label(step: str) -> str:
    labels = {
        "units": _("unit kerja"),
        "employees": _("pegawai"),
        "supervisors": _("atasan"),
        "history": _("riwayat"),
        "logins": _("akun"),
        "attendance": _("presensi"),
        "leave": _("cuti"),
        "kinerja_org": _("kinerja organisasi"),
        "appraisal": _("SKP"),
        "performance": _("kinerja"),
        "tpp": "TPP",
        "participation": _("partisipasi publik"),
    }
    return labels.get(step, step)


class Progress:
    """A progress bar on stderr (when it is a terminal): one tick per step of each tenant."""

    def __init__(self, stream: Any, tenants: int, steps: int) -> None:
        self.steps = steps
        self.done = 0
        self.bar = tqdm(
            total=tenants * steps,
            file=stream,
            disable=not getattr(stream, "isatty", lambda: False)(),
            leave=False,
            ncols=min(shutil.get_terminal_size((80, 24)).columns, 100),
            bar_format="{desc} {bar} {n_fmt}/{total_fmt} [{elapsed}]",
        )

    def step(self, slug: str, step: str) -> None:
        self.bar.set_description_str(f"{slug}: {step_label(step)}", refresh=False)
        self.bar.update(1)

    def tenant_done(self, index: int) -> None:
        self.bar.n = (index + 1) * self.steps
        self.bar.refresh()
        self.bar.clear()

    def close(self) -> None:
        self.bar.close()


def default_months(months: int | None, employees: int | None) -> int:
    """Benchmark-size tenants get their org, calendar and TPP policy but no months of
    activity (punches, TPP runs) unless asked with --months: that keeps
    `--employees 100000` within two minutes; bench/ scripts build their own activity."""
    if months is not None:
        return months
    return 0 if (employees or 0) > BENCH_SCALE else 3


class Command(BaseCommand):
    help = (
        "Create demo tenants (sofifi, kupang, palu, sawahlunto) with units, employees and "
        f"logins. Every demo login uses the password {DEMO_PASSWORD!r}: demo use only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tenant-slug",
            action="append",
            dest="slugs",
            help="only this tenant (repeatable); any other slug makes an extra mixed-region "
            "tenant, e.g. --tenant-slug bench --employees 100000",
        )
        parser.add_argument("--tenant-name", help="name of a non-preset tenant")
        parser.add_argument("--timezone", help="timezone of a non-preset tenant")
        parser.add_argument(
            "--employees",
            "--employees-per-tenant",
            type=int,
            dest="employees",
            help="employees per tenant (default: 400/1200/900/350 for the presets, 500 else)",
        )
        parser.add_argument("--seed", default="pamong", help="random seed (default: pamong)")
        parser.add_argument(
            "--reset", action="store_true", help="delete and regenerate existing demo tenants"
        )
        parser.add_argument(
            "--all-logins",
            action="store_true",
            help="also a login (username = NIP) for every employee",
        )
        parser.add_argument(
            "--months",
            type=int,
            help="months of activity the module hooks create (default 3; 0 for tenants of "
            f"more than {BENCH_SCALE:,} employees)",
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, help="reference date")
        parser.add_argument("--no-hooks", action="store_true", help="skip the module hooks")
        parser.add_argument(
            "--strict-hooks", action="store_true", help="fail when a module hook fails"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["slugs"] or list(PRESETS)
        employees = options["employees"]
        if employees is not None and employees < 40:
            raise CommandError(_("--employees paling sedikit 40"), returncode=2)
        today = options["today"] or timezone.localdate()
        months = last_months(today, default_months(options["months"], employees))
        password_hash = make_password(DEMO_PASSWORD)
        logins: list[Login] = []
        hooks_count = 0 if options["no_hooks"] else len(find_hooks())
        bar = Progress(self.stderr._out, len(slugs), len(ORG_STEPS) + hooks_count)
        try:
            for index, slug in enumerate(slugs):
                logins += self._tenant(slug, options, employees, months, today, password_hash, bar)
                bar.tenant_done(index)
        finally:
            bar.close()
        refresh_planner_statistics()
        logins.append(ensure_superadmin(password_hash))
        self._print_logins(logins)

    def _tenant(
        self,
        slug: str,
        options: dict[str, Any],
        employees: int | None,
        months: list[str],
        today: dt.date,
        password_hash: str,
        bar: Progress,
    ) -> list[Login]:
        default = PRESETS[slug].employees if slug in PRESETS else 500
        preset = preset_for(
            slug,
            options["tenant_name"] if slug not in PRESETS else None,
            options["timezone"],
            employees or default,
        )
        started = time.monotonic()
        try:
            result = generate_tenant(
                preset,
                seed=options["seed"],
                reset=options["reset"],
                all_logins=options["all_logins"],
                months=months,
                today=today,
                password_hash=password_hash,
                run_hooks=not options["no_hooks"],
                strict_hooks=options["strict_hooks"],
                on_step=lambda step: bar.step(slug, step),
            )
        except NotADemoTenant as exc:
            raise CommandError(str(exc), returncode=2) from exc
        took = time.monotonic() - started
        if result.created:
            counts = ", ".join(f"{step_label(k)} {v}" for k, v in result.counts.items())
            hooks = ", ".join(f"{step_label(k.split('.')[1])} {v}" for k, v in result.hooks.items())
            values = {"slug": slug, "counts": counts, "took": f"{took:.1f}", "hooks": hooks}
            if hooks:
                line = _("%(slug)s: dibuat %(counts)s dalam %(took)s dtk; modul: %(hooks)s")
            else:
                line = _("%(slug)s: dibuat %(counts)s dalam %(took)s dtk")
            self.stdout.write(line % values)
            if options["verbosity"] >= 2:
                phases = ", ".join(f"{k} {v}s" for k, v in result.timings.items())
                self.stdout.write(
                    _("%(slug)s: tahap: %(phases)s") % {"slug": slug, "phases": phases}
                )
        elif result.logins:
            self.stdout.write(
                _("%(slug)s: sudah ada, dilewati (pakai --reset untuk membuat ulang)")
                % {"slug": slug}
            )
        else:
            self.stdout.write(
                _("%(slug)s: sudah ada dan tidak dibuat oleh `pamong demo`, dilewati")
                % {"slug": slug}
            )
        return result.logins

    def _print_logins(self, logins: list[Login]) -> None:
        header = (_("pemda"), _("peran"), _("nama pengguna"), _("kata sandi"))
        rows = [header] + [(x.tenant, x.role, x.username, x.password) for x in logins]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(
            "\n"
            + _("Hanya untuk akun demo: kata sandi %(password)r diketahui umum.")
            % {"password": DEMO_PASSWORD}
        )
