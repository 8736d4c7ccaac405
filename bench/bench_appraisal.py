"""Predikat for a period at scale and the calibration page (issue 3; PostgreSQL).

Targets: (a) compute and store the predikat of one period for 100,000 employees < 10 s;
(b) the calibration page (/skp/kalibrasi/) of a 5,000-employee OPD < 300 ms.

Builds the tenant with `pamong demo --tenant-slug bench --employees N --no-hooks` on a
database of its own (or reuses it with --reuse). The demo's OPD closest to 5,000 employees
is topped up to --opd-size by moving staff from the biggest OPD into it.

(a) times `pamong.performance.imports.ratings_import`, the one set-based write path for
ratings: hasil kerja x perilaku kerja through the predikat matrix into performance.Rating
(kinerja.csv of formats.md, 100,000 rows, one audit entry). Timed twice: the first import
(all rows new) and a re-import with 20% of the rows changed.
(b) gives the OPD's employees an Evaluation each for the period (set-up, not timed), then
requests the page with the Django test client logged in as the BKPSDM admin (who may
calibrate): warm-up, then p50/p95 over --requests requests, and the query count.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_skp \
        .venv/bin/python bench/bench_appraisal.py [--reuse]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAMONG = str(ROOT / ".venv" / "bin" / "pamong")
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pamong_bench_skp"
SLUG, ADMIN, PERIOD = "bench", "admin.bench", "2026-09"
EXPECTATIONS = ["di_atas", "sesuai", "sesuai", "sesuai", "sesuai", "di_bawah"]


def build(url: str, employees: int, env: dict[str, str]) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert name.startswith("pamong_bench"), "refusing to drop a non-benchmark database"
    pg = ["-h", "127.0.0.1", "-U", "postgres", name]
    subprocess.run(["dropdb", "--if-exists", *pg], check=True)
    subprocess.run(["createdb", *pg], check=True)
    subprocess.run([PAMONG, "migrate", "-v", "0"], check=True, env=env)
    started = time.monotonic()
    subprocess.run(
        [PAMONG, "demo", "--tenant-slug", SLUG, "--employees", str(employees), "--no-hooks"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"pamong demo --employees {employees} --no-hooks: {time.monotonic() - started:.0f} s")


def size_opd(tenant: Any, size: int) -> Any:
    """The OPD closest to `size` employees, topped up from the biggest OPD."""
    from django.db.models import Count

    from pamong.org.models import Employee, Unit

    sizes = dict(Employee.objects.filter(tenant=tenant).values_list("opd").annotate(n=Count("id")))
    opds = list(Unit.objects.filter(tenant=tenant, parent__isnull=True))
    opd = min(opds, key=lambda u: abs(sizes.get(u.pk, 0) - size))
    missing = size - sizes.get(opd.pk, 0)
    if missing > 0:
        donor = max(opds, key=lambda u: sizes.get(u.pk, 0))
        targets = list(Unit.objects.filter(tenant=tenant, opd=opd).values_list("pk", flat=True))
        movers = list(
            Employee.objects.filter(tenant=tenant, opd=donor)
            .exclude(pk__in=Unit.objects.filter(tenant=tenant, head__isnull=False).values("head"))
            .values_list("pk", flat=True)[:missing]
        )
        for i, target in enumerate(targets):
            Employee.objects.filter(pk__in=movers[i :: len(targets)]).update(
                opd=opd, unit_id=target, supervisor=opd.head_id
            )
    n = Employee.objects.filter(tenant=tenant, opd=opd).count()
    print(f"calibration OPD: {opd.name} ({n} employees)")
    return opd


def kinerja_csv(nips: list[str], rng: random.Random) -> bytes:
    lines = ["nip,periode,hasil_kerja,perilaku_kerja"]
    lines += [f"{n},{PERIOD},{rng.choice(EXPECTATIONS)},{rng.choice(EXPECTATIONS)}" for n in nips]
    return ("\n".join(lines) + "\n").encode()


def bench_predikat(actor: Any, tenant: Any, rng: random.Random) -> list[float]:
    from pamong.org.models import Employee
    from pamong.performance.imports import ratings_import
    from pamong.performance.models import Rating

    Rating.objects.filter(tenant=tenant, period=PERIOD).delete()
    nips = list(Employee.objects.filter(tenant=tenant).values_list("nip", flat=True))
    first = kinerja_csv(nips, rng)
    rows = first.decode().splitlines()
    for i in range(1, len(rows), 5):  # 20% of the rows get another perilaku kerja
        head, _sep, perilaku = rows[i].rpartition(",")
        rows[i] = f"{head},{'di_atas' if perilaku != 'di_atas' else 'sesuai'}"
    second = ("\n".join(rows) + "\n").encode()
    took = []
    for label, data in (("first import", first), ("re-import, 20% changed", second)):
        started = time.perf_counter()
        counts = ratings_import(actor=actor, data=data, source="kinerja.csv")
        took.append(time.perf_counter() - started)
        print(f"(a) predikat for {len(nips)} employees, {label}: {took[-1]:.2f} s {counts}")
    return took


def make_evaluations(tenant: Any, opd: Any) -> None:
    from pamong.appraisal.models import Evaluation
    from pamong.org.models import Employee
    from pamong.performance.models import Rating

    Evaluation.objects.filter(tenant=tenant, period=PERIOD).delete()
    ratings = Rating.objects.filter(tenant=tenant, period=PERIOD, employee__opd=opd)
    heads = dict(Employee.objects.filter(tenant=tenant, opd=opd).values_list("pk", "supervisor"))
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                tenant=tenant, employee_id=r.employee_id, period=PERIOD,
                penilai_id=heads.get(r.employee_id) or opd.head_id, hasil_kerja=r.hasil_kerja,
                perilaku_kerja=r.perilaku_kerja, predikat=r.predikat,
                reason="" if r.hasil_kerja == r.perilaku_kerja == "sesuai" else "Catatan.",
            )
            for r in ratings
            if heads.get(r.employee_id) or opd.head_id
        ],
        batch_size=2000,
    )  # fmt: skip


def bench_page(opd: Any, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client

    from pamong.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=ADMIN))
    path = f"/skp/kalibrasi/?opd={opd.pk}&period={PERIOD}"
    for _ in range(3):  # warm: templates, translations, PostgreSQL caches
        assert client.get(path).status_code == 200
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        resp = client.get(path)
    assert resp.status_code == 200
    took = []
    for _ in range(requests):
        started = time.perf_counter()
        resp = client.get(path)
        took.append(time.perf_counter() - started)
        assert resp.status_code == 200
    q = statistics.quantiles(took, n=20)
    return statistics.median(took), q[18], len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--opd-size", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="reuse the tenant already built")
    opts = parser.parse_args()
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("PAMONG_DATA_DIR", "/tmp/pamong-bench-skp")
    Path(os.environ["PAMONG_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    if not opts.reuse:
        build(url, opts.employees, dict(os.environ))
    # The page's {% static %} needs the manifest (PAMONG_DATA_DIR), as in production.
    subprocess.run([PAMONG, "collectstatic", "--noinput", "-v", "0"], check=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.db import connection
    from django_scopes import scope

    from pamong.core.actor import actor_for_user
    from pamong.core.models import Tenant, User

    tenant = Tenant.objects.get(slug=SLUG)
    rng = random.Random(3)
    with scope(tenant=tenant):
        actor = actor_for_user(User.objects.get(username=ADMIN))
        opd = size_opd(tenant, opts.opd_size)
        first, again = bench_predikat(actor, tenant, rng)
        make_evaluations(tenant, opd)
    # Fresh bulk loads have no planner statistics yet; autovacuum would add them shortly.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    p50, p95, queries = bench_page(opd, opts.requests)
    print(f"(b) /skp/kalibrasi/ for {opd.name}: p50 {p50 * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, {opts.requests} warm requests, {queries} queries")  # fmt: skip
    with open("/proc/loadavg", encoding="ascii") as f:
        print(f"load average: {f.read().split()[0]} (on {os.cpu_count()} cores)")
    ok = max(first, again) < 10 and p95 < 0.3
    print(f"targets: predikat < 10 s, page < 300 ms: {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
