"""A full TPP run at scale (issue: TPP; target: 100,000 employees < 20 s on PostgreSQL).

Recreates the database in DATABASE_URL (it must be a benchmark database of its own), makes
a tenant with N employees over 20 OPDs and 5 kelas, a calendar, the example policy, punches
for a 22-working-day month (most days on time; some late, early, single-punch and absent
days), monthly ratings for 90% of the employees, some leave and sanctions. Then it times
`tpp_run_compute` (split into reading, classifying, computing, writing) twice: a first run
and a re-run that replaces the draft. Peak RSS from getrusage.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_tpp \
        .venv/bin/python bench/bench_tpp.py --employees 100000
    DATABASE_URL=sqlite:////tmp/bench_tpp.sqlite3 .venv/bin/python bench/bench_tpp.py \
        --employees 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEAR, MONTH = 2026, 9  # September 2026: 22 weekdays, no national holiday
KELAS = (5, 7, 9, 11, 14)


def recreate_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(urllib.parse.urlparse(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if not url.startswith("postgres"):
        return
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert name.startswith("pamong_bench"), "refusing to drop a non-benchmark database"
    for cmd in ("dropdb", "createdb"):
        args = [cmd, "-h", "127.0.0.1", "-U", "postgres", name]
        if cmd == "dropdb":
            args.insert(1, "--if-exists")
        subprocess.run(args, check=True)


def cpu_seconds() -> float:
    """User + system CPU of this process (the database server's work is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def make_tenant(n: int, rng: random.Random) -> Any:
    from pamong.core.models import Tenant
    from pamong.org.models import Employee, Position, Unit

    tenant = Tenant.objects.create(slug="bench-tpp", name="Kota Bench", timezone="Asia/Makassar")
    opds = []
    for i in range(20):
        unit = Unit.objects.create(
            tenant=tenant, code=f"1.{i:02d}", name=f"Dinas {i}", kind="opd", path=f"1.{i:02d}"
        )
        Unit.objects.filter(pk=unit.pk).update(opd=unit)
        opds.append(unit)
    positions = [
        Position.objects.create(tenant=tenant, name=f"Jabatan {k}", kind="pelaksana", kelas=k)
        for k in KELAS
    ]
    employees = []
    for i in range(n):
        opd = opds[i % len(opds)]
        kind = rng.choices(["PNS", "CPNS", "PPPK"], weights=[80, 5, 15])[0]
        golongan = "IX" if kind == "PPPK" else rng.choice(["II/c", "III/a", "III/c", "IV/a"])
        employees.append(
            Employee(
                tenant=tenant, nip=f"1990010120150{i:05d}", name=f"Pegawai {i}", gender="L",
                birth_date=dt.date(1990, 1, 1), employee_type=kind, golongan=golongan,
                position=positions[i % len(positions)], unit=opd, opd=opd,
                status="tugas_belajar" if i % 500 == 0 else "aktif",
                bank_name="Bank NTT", bank_account=f"{i:010d}" if i % 50 else "",
            )
        )  # fmt: skip
    Employee.objects.bulk_create(employees, batch_size=5000)
    return tenant


def make_inputs(tenant: Any, days: list[dt.date], rng: random.Random) -> int:
    from zoneinfo import ZoneInfo

    from pamong.attendance.models import Leave, Punch
    from pamong.org.models import Employee
    from pamong.performance.models import Rating
    from pamong.tpp.models import Sanction

    tz = ZoneInfo(tenant.timezone)
    ids = list(Employee.objects.filter(tenant=tenant).values_list("id", flat=True))
    punches: list[Punch] = []
    count = 0
    for employee_id in ids:
        for day in days:
            r = rng.random()
            if r < 0.01:
                continue  # absent
            late = rng.randrange(1, 120) if r < 0.08 else 0
            t_in = dt.datetime.combine(day, dt.time(7, 0), tz) + dt.timedelta(
                minutes=rng.randrange(0, 30) + late, seconds=rng.randrange(60)
            )
            punches.append(Punch(tenant=tenant, employee_id=employee_id, at=t_in))
            if r < 0.03:
                continue  # single punch
            early = rng.randrange(1, 100) if r > 0.97 else 0
            t_out = dt.datetime.combine(day, dt.time(16, 35), tz) + dt.timedelta(
                minutes=rng.randrange(0, 30) - early
            )
            punches.append(Punch(tenant=tenant, employee_id=employee_id, at=t_out))
        if len(punches) > 200_000:
            Punch.objects.bulk_create(punches, batch_size=10_000)
            count += len(punches)
            punches = []
    Punch.objects.bulk_create(punches, batch_size=10_000)
    count += len(punches)
    expectations = ["di_atas", "sesuai", "sesuai", "sesuai", "di_bawah"]
    ratings = []
    for employee_id in ids:
        if rng.random() < 0.9:
            hasil, perilaku = rng.choice(expectations), rng.choice(expectations)
            from pamong.performance.predikat import predikat_for

            ratings.append(
                Rating(
                    tenant=tenant, employee_id=employee_id, period=f"{YEAR}-{MONTH:02d}",
                    hasil_kerja=hasil, perilaku_kerja=perilaku,
                    predikat=predikat_for(hasil, perilaku), source="import",
                )
            )  # fmt: skip
    Rating.objects.bulk_create(ratings, batch_size=5000)
    sample = rng.sample(ids, len(ids) // 50)
    Leave.objects.bulk_create(
        [
            Leave(
                tenant=tenant, employee_id=e, kind=rng.choice(["sakit", "tahunan", "besar"]),
                start=days[5], end=days[9],
            )
            for e in sample
        ],
        batch_size=5000,
    )  # fmt: skip
    Sanction.objects.bulk_create(
        [
            Sanction(
                tenant=tenant, employee_id=e, jenis="hukuman disiplin sedang", percent=25,
                start=dt.date(YEAR, MONTH - 1, 1), months=6,
            )
            for e in rng.sample(ids, len(ids) // 200)
        ]
    )  # fmt: skip
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of an earlier run; time the runs"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not args.reuse:
        recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scope, scopes_disabled

    from pamong.core.actor import system_actor
    from pamong.tpp.models import TppRun, TppSlip, TppSlipLine
    from pamong.tpp.runs import tpp_run_compute

    policy = (ROOT / ".." / "shared" / "spec" / "example" / "tpp-policy.yaml").resolve()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; employees: {args.employees:,}")
    rng = random.Random(11)
    with scopes_disabled():
        from pamong.core.models import Tenant

        tenant = Tenant.objects.filter(slug="bench-tpp").first()
    if tenant is not None and args.reuse:
        actor = system_actor(tenant)
        first = dt.date(YEAR, MONTH, 1)
    else:
        tenant, actor, first = setup(args.employees, rng, policy)
    if args.reuse:
        # So that the first timed run is a first run: drop the runs of an earlier bench.
        with scopes_disabled():
            TppSlipLine.objects.filter(tenant=tenant)._raw_delete(connection.alias)
            TppSlip.objects.filter(tenant=tenant)._raw_delete(connection.alias)
            TppRun.objects.filter(tenant=tenant)._raw_delete(connection.alias)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The punches as autovacuum leaves them during the month (a run comes days after
            # the last import; an import of 100,000+ punches vacuums at once, imports.py).
            cursor.execute(
                "VACUUM ANALYZE tpp_tppslip, tpp_tppslipline, tpp_tpprun, attendance_punch"
            )
            cursor.execute("ANALYZE")
    with scope(tenant=tenant):
        for label in ("first run", "re-run (replaces the draft)"):
            timings: dict[str, float] = {}
            load = os.getloadavg()[0]
            cpu0 = cpu_seconds()
            t0 = time.perf_counter()
            run = tpp_run_compute(actor=actor, period=first, timings=timings)
            took = time.perf_counter() - t0
            split = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            print(
                f"{label}: {took:.1f} s ({split}); CPU of this process "
                f"{cpu_seconds() - cpu0:.1f} s; peak RSS {rss_mb()} MB; "
                f"load average {load:.2f} before, {os.getloadavg()[0]:.2f} after"
            )
        slips = TppSlip.objects.filter(run=run).count()
        lines = TppSlipLine.objects.filter(slip__run=run).count()
        print(f"slips {slips:,}, lines {lines:,}, netto {run.totals['netto']:,}")


def setup(n: int, rng: random.Random, policy: Path) -> tuple[Any, Any, dt.date]:
    from django_scopes import scope, scopes_disabled

    from pamong.attendance.calendar import CalendarView, load_calendar
    from pamong.core.actor import system_actor
    from pamong.tpp.services import tpp_policy_load

    with scopes_disabled():
        t0 = time.perf_counter()
        tenant = make_tenant(n, rng)
        actor = system_actor(tenant)
        with scope(tenant=tenant):
            calendar = load_calendar(
                actor=actor,
                data={
                    "schedule": {d: "07:30-16:00" for d in ("mon", "tue", "wed", "thu")}
                    | {"fri": "07:30-16:30"},
                    "national_holidays": False,
                },
            )
            tpp_policy_load(actor=actor, data=policy.read_bytes(), source=str(policy))
        first = dt.date(YEAR, MONTH, 1)
        days = CalendarView.from_model(calendar).working_days(first, dt.date(YEAR, MONTH, 30))
        punches = make_inputs(tenant, days, rng)
        print(f"setup: {punches:,} punches, {time.perf_counter() - t0:.1f} s")
    return tenant, actor, first


if __name__ == "__main__":
    main()
