"""Attendance at scale (issue: attendance; targets: import < 60 s, classify_month < 20 s).

Recreates the database in DATABASE_URL (it must be a benchmark database of its own), makes
a tenant with N employees (bulk, no NIP checks), writes attendance.csv with 2 punches per
employee per working day of a 22-working-day month (plus some late, single-punch and
absent days), then times in-process:

1. `pamong import attendance FILE` (first import, then the same file again: all unchanged),
2. one employee's month page (/presensi/), logged in as the employee: p50/p95 of
   30 requests after 5 warm-up ones, and queries per request,
3. `classify_month` for all employees.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_att \
        .venv/bin/python bench/bench_attendance.py --employees 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR, MONTH = 2026, 9  # September 2026: 22 weekdays, no national holiday


def recreate_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert name.startswith("pamong_bench"), "refusing to drop a non-benchmark database"
    for cmd in ("dropdb", "createdb"):
        args = [cmd, "-h", "127.0.0.1", "-U", "postgres", name]
        if cmd == "dropdb":
            args.insert(1, "--if-exists")
        subprocess.run(args, check=True)


def make_tenant(n: int):  # type: ignore[no-untyped-def]
    from pamong.core.models import Tenant
    from pamong.org.models import Employee, Position, Unit

    tenant = Tenant.objects.create(slug="bench-att", name="Kota Bench", timezone="Asia/Makassar")
    opd = Unit.objects.create(tenant=tenant, code="1", name="Dinas 1", kind="opd", path="1")
    Unit.objects.filter(pk=opd.pk).update(opd=opd)
    position = Position.objects.create(tenant=tenant, name="Pengelola", kind="pelaksana", kelas=5)
    employees = [
        Employee(
            tenant=tenant, nip=f"1990010120150{i:05d}",
            name=f"Pegawai {i}", gender="L", birth_date=dt.date(1990, 1, 1),
            employee_type="PNS", golongan="III/a", position=position, unit=opd, opd=opd,
        )
        for i in range(n)
    ]  # fmt: skip
    Employee.objects.bulk_create(employees, batch_size=5000)
    return tenant


def write_csv(path: Path, nips: list[str], days: list[dt.date], seed: int = 7) -> int:
    rng = random.Random(seed)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("nip,waktu,perangkat\n")
        for nip in nips:
            for day in days:
                r = rng.random()
                if r < 0.01:
                    continue  # absent
                d = day.isoformat()
                t_in = 6 * 3600 + 45 * 60 + rng.randrange(0, 75 * 60)  # 06:45-08:00
                t_out = 16 * 3600 + rng.randrange(-30 * 60, 60 * 60)
                out.write(
                    f"{nip},{d} {t_in // 3600:02d}:{t_in // 60 % 60:02d}:{t_in % 60:02d},FP-1\n"
                )
                rows += 1
                if r < 0.03:
                    continue  # single punch
                out.write(
                    f"{nip},{d} {t_out // 3600:02d}:{t_out // 60 % 60:02d}:{t_out % 60:02d},FP-1\n"
                )
                rows += 1
    return rows


def rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def time_classify(tenant, profile: bool) -> None:  # type: ignore[no-untyped-def]
    from django_scopes import scope

    from pamong.attendance.classify import classify_month

    with scope(tenant=tenant):
        for attempt in (1, 2):
            t0 = time.perf_counter()
            result = classify_month(tenant=tenant, year=YEAR, month=MONTH)
            took = time.perf_counter() - t0
            kinds: dict[str, int] = {}
            for month in result.employees.values():
                for f in month.days:
                    kinds[f.kind] = kinds.get(f.kind, 0) + 1
            print(
                f"classify_month #{attempt}: {took:.1f} s for {len(result.employees):,} "
                f"employees, {sum(kinds.values()):,} days {kinds}; peak RSS {rss_mb()} MB"
            )
            del result
        if profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(classify_month, tenant=tenant, year=YEAR, month=MONTH)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def time_month_view(tenant, requests: int = 30, warmup: int = 5) -> None:  # type: ignore[no-untyped-def]
    """One employee's month page (/presensi/?month=...), in-process (Django test client),
    logged in as that employee: `warmup` untimed requests, then `requests` timed ones."""
    import statistics

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from pamong.core.models import User
    from pamong.org.models import Employee

    settings.ALLOWED_HOSTS = ["*"]
    # No collectstatic in a bench run: plain storage instead of the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with scopes_disabled():
        employee = Employee.objects.filter(tenant=tenant).order_by("pk")[
            Employee.objects.filter(tenant=tenant).count() // 2
        ]
        user, _ = User.objects.get_or_create(
            username="bench.month", defaults={"tenant": tenant, "employee": employee}
        )
    client = Client()
    client.force_login(user)
    url = f"/presensi/?month={YEAR}-{MONTH:02d}"
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    assert b"terlambat" in response.content or b"hadir" in response.content
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    took = []
    with connection.execute_wrapper(count):
        for _ in range(requests):
            t0 = time.perf_counter()
            client.get(url)
            took.append((time.perf_counter() - t0) * 1000)
    took.sort()
    p95 = took[max(0, int(len(took) * 0.95 + 0.5) - 1)]
    print(
        f"month page ({warmup} warm-up, {requests} timed requests): "
        f"p50 {statistics.median(took):.1f} ms, p95 {p95:.1f} ms, max {took[-1]:.1f} ms; "
        f"{len(queries) / requests:.1f} queries per request"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run; time classify"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one classify_month")
    parser.add_argument(
        "--no-classify", action="store_true", help="with --reuse: the month page only"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not args.reuse:
        recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    os.environ.setdefault("PAMONG_IMPORT_MAX_BYTES", str(2 * 1024**3))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scope, scopes_disabled

    from pamong.attendance.calendar import load_calendar
    from pamong.attendance.models import Punch
    from pamong.core.actor import system_actor
    from pamong.org.models import Employee

    call_command("migrate", verbosity=0)
    if args.reuse:
        from pamong.core.models import Tenant

        tenant = Tenant.objects.get(slug="bench-att")
        print(f"database: {connection.vendor}; reusing tenant {tenant.slug}")
        time_month_view(tenant)
        if not args.no_classify:
            time_classify(tenant, args.profile)
        return
    print(f"database: {connection.vendor}; employees: {args.employees:,}")
    with scopes_disabled():
        t0 = time.perf_counter()
        tenant = make_tenant(args.employees)
        print(f"setup employees: {time.perf_counter() - t0:.1f} s")
        with scope(tenant=tenant):
            cal = load_calendar(
                actor=system_actor(tenant),
                data={
                    "schedule": {d: "07:30-16:00" for d in ("mon", "tue", "wed", "thu")}
                    | {"fri": "07:30-16:30"},
                    "national_holidays": False,
                },
            )
            from pamong.attendance.calendar import CalendarView

            first = dt.date(YEAR, MONTH, 1)
            last = dt.date(YEAR, MONTH + 1, 1) - dt.timedelta(days=1)
            days = CalendarView.from_model(cal).working_days(first, last)
            nips = list(Employee.objects.filter(tenant=tenant).values_list("nip", flat=True))
    print(f"working days: {len(days)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "attendance.csv"
        t0 = time.perf_counter()
        rows = write_csv(path, nips, days)
        size = path.stat().st_size / 2**20
        print(f"generated {rows:,} punches ({size:.0f} MB) in {time.perf_counter() - t0:.1f} s")
        for label in ("import (new)", "re-import (unchanged)"):
            t0 = time.perf_counter()
            call_command("import_attendance", str(path), tenant="bench-att")
            print(f"{label}: {time.perf_counter() - t0:.1f} s; peak RSS {rss_mb()} MB")
    with scopes_disabled():
        print(f"punches stored: {Punch.objects.filter(tenant=tenant).count():,}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would; org_employee too
    time_month_view(tenant)
    time_classify(tenant, args.profile)


if __name__ == "__main__":
    main()
