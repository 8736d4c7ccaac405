"""The policy evaluation at scale (issue 16): the full semester report for a
100,000-employee tenant on PostgreSQL (< 60 s, in the background job with its progress),
and the leaders' dashboard once computed (< 300 ms p95).

Recreates the database in DATABASE_URL (a database of its own), makes a tenant with N
employees over 20 OPDs, and six months of data: approved TPP runs with one slip per
employee and month and ~2.5 explanation lines per slip (written with INSERT ... SELECT),
ratings and evaluations for the semester and the one before, SKPs with versions,
complaints, SKM answers, corrections, leave and forum items. Then it runs the report job
as the page does (BackgroundJob + task) and times it, and requests the dashboard page
through Django's test client.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_evaluation \
        .venv/bin/python bench/bench_evaluation.py --employees 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PERIOD = "2026-S1"


def recreate_database(url: str) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert url.startswith("postgres"), "this benchmark needs PostgreSQL"
    assert name.startswith(("pamong_bench", "pamong_evaluation")), "not a benchmark database"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def make_tenant(n: int, per_opd: int = 10) -> tuple[Any, list[Any], list[int]]:
    from pamong.core.models import Tenant
    from pamong.org.models import Employee, Position, Unit

    tenant = Tenant.objects.create(slug="bench-eval", name="Kota Bench", timezone="Asia/Makassar")
    opds = []
    for i in range(20):
        unit = Unit.objects.create(
            tenant=tenant, code=f"1.{i:02d}", name=f"Dinas {i}", kind="opd", path=f"1.{i:02d}"
        )
        Unit.objects.filter(pk=unit.pk).update(opd=unit)
        unit.opd_id = unit.pk
        opds.append(unit)
    # `per_opd` units below each OPD (bidang); employees spread over them, so the report's
    # unit figures (units.py) have 20 x per_opd units to group by.
    children = [
        [
            Unit(
                tenant=tenant, code=f"{opd.code}.{j:02d}", name=f"Bidang {j} {opd.name}",
                kind="bidang", parent=opd, opd=opd, path=f"{opd.path}/{opd.code}.{j:02d}",
                depth=1,
            )
            for j in range(per_opd)
        ]
        for opd in opds
    ]  # fmt: skip
    Unit.objects.bulk_create([u for group in children for u in group])
    position = Position.objects.create(tenant=tenant, name="Pelaksana", kind="pelaksana", kelas=7)
    Employee.objects.bulk_create(
        [
            Employee(
                tenant=tenant, nip=f"1990010120150{i:05d}", name=f"Pegawai {i}", gender="L",
                birth_date=dt.date(1990, 1, 1), employee_type="PNS", golongan="III/a",
                position=position, opd=opds[i % 20],
                unit=children[i % 20][(i // 20) % per_opd] if per_opd else opds[i % 20],
            )
            for i in range(n)
        ],
        batch_size=5000,
    )  # fmt: skip
    ids = list(Employee.objects.filter(tenant=tenant).values_list("id", flat=True))
    return tenant, opds, ids


def make_data(tenant: Any, opds: list[Any], ids: list[int]) -> None:
    from django.db import connection

    from pamong.attendance.models import Correction, Leave
    from pamong.participation.models import (
        Complaint,
        Forum,
        ForumActionItem,
        SkmResponse,
        SkmService,
    )  # fmt: skip
    from pamong.performance.models import UnitPredikat
    from pamong.tpp.models import TppBudget, TppPolicy, TppRun

    zone = dt.timezone(dt.timedelta(hours=8))
    policy = TppPolicy.objects.create(
        tenant=tenant, effective_from=dt.date(2025, 1, 1), name="p", document={}
    )
    for year, months in ((2025, range(7, 13)), (2026, range(1, 7))):
        for m in months:
            TppRun.objects.create(
                tenant=tenant, period=dt.date(year, m, 1), policy=policy, status="paid"
            )
    for opd in opds:
        TppBudget.objects.create(
            tenant=tenant, opd=opd, year=2026, pagu=len(ids) * 5_500_000 * 12 // 20
        )
        UnitPredikat.objects.create(tenant=tenant, unit=opd, period=PERIOD, predikat="baik")
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO tpp_tppslip (tenant_id, run_id, employee_id, opd_id, nip, name,
              unit_code, employee_type, golongan, kelas, hari_kerja, hari_dibayar, predikat,
              potongan_disiplin_persen, tpp_dasar, kinerja, disiplin, potongan_hukdis, bruto,
              pph21, iuran_bpjs, netto, keterangan, bank_name, bank_account)
            SELECT e.tenant_id, r.id, e.id, e.opd_id, e.nip, e.name, u.code, 'PNS', 'III/a', 7,
              21, 21,
              CASE WHEN mod(e.id, 10) < 3 THEN 'sangat_baik' WHEN mod(e.id, 10) < 9 THEN 'baik'
                   ELSE 'butuh_perbaikan' END,
              CASE WHEN mod(e.id, 7) = 0 THEN 3.0 ELSE 0 END, 5000000,
              3000000 + mod(e.id, 10) * 10000, 2000000,
              CASE WHEN mod(e.id, 97) = 0 THEN 100000 ELSE 0 END, 5000000, 0, 0, 5000000, '', '', ''
            FROM org_employee e JOIN org_unit u ON u.id = e.unit_id CROSS JOIN tpp_tpprun r
            WHERE e.tenant_id = %s AND r.tenant_id = %s
            """,
            [tenant.pk, tenant.pk],
        )
        cur.execute(
            """
            INSERT INTO tpp_tppslipline (tenant_id, slip_id, kind, day, note)
            SELECT s.tenant_id, s.id,
              (ARRAY['late_in', 'early_out', 'absent', 'late_in', 'leave'])[g],
              DATE '2026-01-05', ''
            FROM tpp_tppslip s CROSS JOIN generate_series(1, 5) g
            WHERE s.tenant_id = %s AND mod(s.id * 7 + g, 2) = 0
            """,
            [tenant.pk],
        )
        cur.execute("ANALYZE")
    predikat = "(ARRAY['sangat_baik', 'baik', 'baik', 'baik', 'butuh_perbaikan'])[mod(e.id, 5) + 1]"
    with connection.cursor() as cur:
        for period in ("2025-S2", PERIOD):
            cur.execute(
                f"""
                INSERT INTO performance_rating (tenant_id, employee_id, period, hasil_kerja,
                  perilaku_kerja, predikat, source, finalized, updated_at)
                SELECT e.tenant_id, e.id, %s, 'sesuai', 'sesuai', {predikat}, 'import', false,
                  now()
                FROM org_employee e WHERE e.tenant_id = %s
                """,
                [period, tenant.pk],
            )
        cur.execute(
            f"""
            INSERT INTO appraisal_evaluation (tenant_id, employee_id, period, penilai_id,
              hasil_kerja, perilaku_kerja, reason, predikat, status, kepala_daerah, created_at,
              updated_at)
            SELECT e.tenant_id, e.id, %s, e.id, 'sesuai', 'sesuai', '', {predikat}, 'rated', '',
              TIMESTAMPTZ '2026-07-05 10:00+08' + mod(e.id, 20) * INTERVAL '1 day', now()
            FROM org_employee e WHERE e.tenant_id = %s
            """,
            [PERIOD, tenant.pk],
        )
        cur.execute(
            """
            INSERT INTO appraisal_skp (tenant_id, employee_id, year, status, version,
              return_comment, resources, accountability, consequences, special_expectations,
              created_at, updated_at)
            SELECT e.tenant_id, e.id, 2026, 'approved', 1, '', '', '', '', '{}', now(), now()
            FROM org_employee e WHERE e.tenant_id = %s
            """,
            [tenant.pk],
        )
        cur.execute(
            """
            INSERT INTO appraisal_skpversion (tenant_id, skp_id, version, status, snapshot,
              created_at)
            SELECT s.tenant_id, s.id, 1, 'submitted', '{}',
              TIMESTAMPTZ '2026-01-10 10:00+08' + mod(s.id, 40) * INTERVAL '1 day'
            FROM appraisal_skp s WHERE s.tenant_id = %s
            """,
            [tenant.pk],
        )
    services = [SkmService.objects.create(tenant=tenant, unit=opd, name="Layanan") for opd in opds]
    skm = []
    for i in range(20_000):
        score = 3 + (i % 2)
        day = dt.date(2026, 1 + i % 6, 1 + i % 28) if i % 3 else dt.date(2025, 7 + i % 6, 3)
        skm.append(
            SkmResponse(tenant=tenant, unit=opds[i % 20], service=services[i % 20], date=day,
                        **{f"u{k}": score for k in range(1, 10)})
        )  # fmt: skip
    SkmResponse.objects.bulk_create(skm, batch_size=5000)
    complaints = []
    for i in range(20_000):
        sub = dt.datetime(2026, 1 + i % 6, 1 + i % 28, 9, tzinfo=zone)
        closed = sub + dt.timedelta(days=3 + i % 9) if i % 4 else None
        complaints.append(
            Complaint(
                tenant=tenant, code=f"bench{i:08d}", category="pengaduan", unit=opds[i % 20],
                description="d", identity="anonymous", state="closed" if closed else "verified",
                submitted_at=sub, first_response_due=(sub + dt.timedelta(days=3)).date(),
                resolution_due=(sub + dt.timedelta(days=7)).date(),
                first_response_at=sub + dt.timedelta(days=i % 5), closed_at=closed,
                rating=1 + i % 5 if closed else None,
            )
        )  # fmt: skip
    Complaint.objects.bulk_create(complaints, batch_size=5000)
    Correction.objects.bulk_create(
        [
            Correction(tenant=tenant, employee_id=ids[i % len(ids)],
                       day=dt.date(2026, 1 + i % 6, 1 + (i // len(ids)) % 28),
                       check_in=dt.time(7), reason="r",
                       status=["approved", "rejected", "pending"][i % 3])
            for i in range(10_000)
        ],
        batch_size=5000,
    )  # fmt: skip
    Leave.objects.bulk_create(
        [
            Leave(tenant=tenant, employee_id=ids[i % len(ids)], kind="tahunan",
                  start=dt.date(2026, 1 + i % 6, 10 + i // len(ids)),
                  end=dt.date(2026, 1 + i % 6, 12 + i // len(ids)))
            for i in range(5_000)
        ],
        batch_size=5000,
    )  # fmt: skip
    for opd in opds:
        forum = Forum.objects.create(
            tenant=tenant, unit=opd, topic="f", starts_at=dt.datetime(2026, 1, 5, tzinfo=zone),
            place="p",
        )  # fmt: skip
        for m in range(1, 7):
            ForumActionItem.objects.create(
                tenant=tenant, forum=forum, description="i", responsible_unit=opd,
                due_date=dt.date(2026, m, 20), state="done" if m % 2 else "open",
                closed_at=dt.datetime(2026, m, 18, tzinfo=zone) if m % 2 else None,
            )  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--units-per-opd", type=int, default=10)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django_scopes import scope

    from pamong.core.actor import actor_for_user
    from pamong.core.models import BackgroundJob, Role, RoleGrant, User
    from pamong.evaluation import services as svc
    from pamong.evaluation.tasks import generate_report_job

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    from django_scopes import scopes_disabled

    with scopes_disabled():
        tenant, opds, ids = make_tenant(args.employees, args.units_per_opd)
        make_data(tenant, opds, ids)
        admin = User.objects.create_user("admin.bench", password="x", tenant=tenant)
        RoleGrant.objects.create(tenant=tenant, user=admin, role=Role.BKPSDM_ADMIN)
        # The dashboard's reader: the regional head (BKPSDM admins must pass a second
        # sign-in step since issue 11, which a test client's force_login does not).
        leader = User.objects.create_user("bupati.bench", password="x", tenant=tenant)
        RoleGrant.objects.create(tenant=tenant, user=leader, role=Role.PIMPINAN)
    print(f"data for {len(ids)} employees: {time.perf_counter() - t0:.1f} s")

    with scope(tenant=tenant):
        report = svc.report_start(actor=actor_for_user(admin), period=PERIOD)
        assert report.job is not None
        t0 = time.perf_counter()
        generate_report_job(report.job.pk, report.pk, tenant.pk, admin.pk)
        elapsed = time.perf_counter() - t0
        job = BackgroundJob.objects.get(pk=report.job.pk)
        report.refresh_from_db()
        late = next(r for r in report.data["indicators"] if r["code"] == "late_in_rate")
        print(
            f"semester report {PERIOD}: {elapsed:.1f} s (job {job.state}, "
            f"{job.progress}/{job.total} steps); tenant late rate {late['total']['value']}%"
        )
        # The two parts of the job on their own: the OPD figures and the unit figures.
        from pamong.evaluation.report import build_report_data
        from pamong.evaluation.units import build_unit_data

        t0 = time.perf_counter()
        build_report_data(tenant, PERIOD)
        opd_part = time.perf_counter() - t0
        t0 = time.perf_counter()
        units = build_unit_data(tenant, PERIOD)
        unit_part = time.perf_counter() - t0
        print(
            f"  of which OPD figures {opd_part:.1f} s, unit figures {unit_part:.1f} s "
            f"({len(units['units'])} units, {len(units['indicators'])} indicators); "
            f"stored unit_data {len(json.dumps(report.unit_data)) / 1e6:.2f} MB"
        )

    from django.conf import settings

    # No collectstatic here: plain static storage instead of the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(leader)
    times = []
    for i in range(args.requests):
        t0 = time.perf_counter()
        response = client.get("/evaluasi/dasbor/")
        if i >= 5:  # the first requests warm caches and template loading
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"dashboard: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
        f"over {len(times)} requests"
    )
    # The unit drill-down of one OPD, read by the leader (evaluation.view_all).
    client.force_login(leader)
    url = f"/evaluasi/laporan/{report.pk}/opd/{opds[0].pk}/unit/?ind=late_in_rate"
    times = []
    for i in range(args.requests):
        t0 = time.perf_counter()
        response = client.get(url)
        if i >= 5:
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"unit drill-down: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms "
        f"over {len(times)} requests"
    )


if __name__ == "__main__":
    main()
