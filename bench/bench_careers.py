"""KP and KGB due lists and the 9-box grid at scale (issue 14; target: each < 2 s on
PostgreSQL for 100,000 employees with 5 years of predikat history).

Recreates the database in DATABASE_URL (a benchmark database of its own), makes a tenant
with N employees over 20 OPDs (PNS with golongan, education, TMT pangkat spread over 12
years, TMT KGB over 3 years), annual ratings for 2021-2025 (5 per employee), sanctions for
1 %, assessment results for 30 %, then times `kp_due` for 1 April 2026, `kgb_due` for March
2026 and `nine_box` for 2026, each three times (the best and the worst are printed).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_careers \
        .venv/bin/python bench/bench_careers.py --employees 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PREDIKAT = ["sangat_baik"] * 15 + ["baik"] * 75 + ["butuh_perbaikan"] * 7 + ["kurang"] * 3
EDUCATION = ["SLTA", "D3", "S1", "S1", "S1", "S2"]
GOLONGAN = ["II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]


def recreate_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert name.startswith("pamong_bench"), "refusing to drop a non-benchmark database"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def seed(n: int, rng: random.Random) -> Any:
    from pamong.careers.models import AssessmentResult, Sanction
    from pamong.core.models import Tenant
    from pamong.org.models import Employee, Position, Unit
    from pamong.performance.models import Rating

    tenant = Tenant.objects.create(slug="bench-karier", name="Kota Bench", timezone="Asia/Makassar")
    opds = []
    for i in range(20):
        unit = Unit.objects.create(
            tenant=tenant, code=f"1.{i:02d}", name=f"Dinas {i}", kind="opd", path=f"1.{i:02d}"
        )
        Unit.objects.filter(pk=unit.pk).update(opd=unit)
        opds.append(unit)
    positions = [
        Position.objects.create(tenant=tenant, name=f"Jabatan {k}", kind=kind, kelas=k)
        for k, kind in ((5, "pelaksana"), (7, "pelaksana"), (9, "fungsional"), (11, "pengawas"))
    ]
    employees = []
    for i in range(n):
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 11000))
        opd = opds[i % 20]
        employees.append(
            Employee(
                tenant=tenant,
                nip=f"{i:018d}",  # unique is enough: no validation here
                name=f"Pegawai {i}",
                gender="L",
                birth_date=birth,
                employee_type="PNS",
                golongan=rng.choice(GOLONGAN),
                position=positions[i % 4],
                unit=opd,
                opd=opd,
                education=rng.choice(EDUCATION),
                tmt_pangkat=dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(0, 4380)),
                tmt_kgb=dt.date(2023, 6, 1) + dt.timedelta(days=rng.randrange(0, 1100)),
                mkg_years=rng.randrange(0, 28, 2),
            )  # fmt: skip
        )
    Employee.objects.bulk_create(employees, batch_size=5000)
    ids = list(Employee.objects.filter(tenant=tenant).values_list("id", flat=True))
    ratings = []
    for eid in ids:
        for year in range(2021, 2026):
            p = rng.choice(PREDIKAT)
            ratings.append(
                Rating(
                    tenant=tenant,
                    employee_id=eid,
                    period=str(year),
                    hasil_kerja="sesuai",
                    perilaku_kerja="sesuai",
                    predikat=p,
                    finalized=True,
                )  # fmt: skip
            )
        if len(ratings) >= 50_000:
            Rating.objects.bulk_create(ratings, batch_size=10_000)
            ratings = []
    Rating.objects.bulk_create(ratings, batch_size=10_000)
    Sanction.objects.bulk_create(
        [
            Sanction(
                tenant=tenant,
                employee_id=eid,
                level="ringan",
                starts=dt.date(2025, 10, 1),
                ends=dt.date(2026, 9, 30),
            )  # fmt: skip
            for eid in rng.sample(ids, len(ids) // 100)
        ],
        batch_size=5000,
    )
    AssessmentResult.objects.bulk_create(
        [
            AssessmentResult(
                tenant=tenant,
                employee_id=eid,
                kind="uji_kompetensi",
                score=rng.randrange(40, 100),
                assessed_on=dt.date(2025, 6, 1),
                source="bench",
            )  # fmt: skip
            for eid in rng.sample(ids, len(ids) * 3 // 10)
        ],
        batch_size=5000,
    )
    return tenant


def timed(label: str, fn: Any, runs: int = 3) -> None:
    """Wall time (best, worst) and this process's CPU time of the best run."""
    times = []
    cpu = []
    size = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        size = len(result) if isinstance(result, list) else len(result.boxes)
    best = times.index(min(times))
    print(
        f"{label}: {size} rows; best {min(times):.2f} s (Python CPU {cpu[best]:.2f} s), "
        f"worst {max(times):.2f} s; load {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--reuse", action="store_true", help="time again on the seeded data")
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

    from pamong.careers.selectors import kgb_due, kp_due
    from pamong.careers.talent_selectors import nine_box
    from pamong.core.actor import system_actor
    from pamong.core.models import Tenant

    call_command("migrate", verbosity=0)
    rng = random.Random(14)
    start = time.perf_counter()
    with scopes_disabled():
        found = Tenant.objects.filter(slug="bench-karier").first() if args.reuse else None
        tenant = found or seed(args.employees, rng)
    if connection.vendor == "postgresql" and found is None:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    took = time.perf_counter() - start
    print(f"seed: {args.employees} employees, 5 years of predikat: {took:.0f} s")
    actor = system_actor(tenant)
    with scope(tenant=tenant):
        timed("kp_due 2026-04-01", lambda: kp_due(actor, dt.date(2026, 4, 1)))
        timed("kgb_due 2026-03", lambda: kgb_due(actor, dt.date(2026, 3, 1)))
        timed("nine_box 2026", lambda: nine_box(actor, 2026))


if __name__ == "__main__":
    main()
