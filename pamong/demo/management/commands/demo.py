"""`pamong demo`: demo tenants with a realistic org, employees and one login per role."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pamong.demo.bulk import refresh_planner_statistics
from pamong.demo.data import PRESETS, preset_for
from pamong.demo.generator import NotADemoTenant, generate_tenant, last_months
from pamong.demo.logins import DEMO_PASSWORD, Login, ensure_superadmin

BENCH_SCALE = 20_000


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
            raise CommandError("--employees must be at least 40", returncode=2)
        today = options["today"] or timezone.localdate()
        months = last_months(today, default_months(options["months"], employees))
        password_hash = make_password(DEMO_PASSWORD)
        logins: list[Login] = []
        for slug in slugs:
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
                )
            except NotADemoTenant as exc:
                raise CommandError(str(exc), returncode=2) from exc
            took = time.monotonic() - started
            if result.created:
                counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
                hooks = ", ".join(f"{k.split('.')[1]} {v}" for k, v in result.hooks.items())
                self.stdout.write(
                    f"{slug}: generated {counts} in {took:.1f}s"
                    + (f"; hooks: {hooks}" if hooks else "")
                )
                if options["verbosity"] >= 2:
                    phases = ", ".join(f"{k} {v}s" for k, v in result.timings.items())
                    self.stdout.write(f"{slug}: phases: {phases}")
            elif result.logins:
                self.stdout.write(f"{slug}: exists, skipped (use --reset to regenerate)")
            else:
                self.stdout.write(f"{slug}: exists and was not made by `pamong demo`, skipped")
            logins += result.logins
        refresh_planner_statistics()
        logins.append(ensure_superadmin(password_hash))
        self._print_logins(logins)

    def _print_logins(self, logins: list[Login]) -> None:
        header = ("tenant", "role", "username", "password")
        rows = [header] + [(x.tenant, x.role, x.username, x.password) for x in logins]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        self.stdout.write("")
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(f"\nDemo logins only: the password {DEMO_PASSWORD!r} is public.")
