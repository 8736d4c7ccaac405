"""The 20 JP dashboards at scale (issue 13: 100,000 employees with 1 million ledger entries,
p95 under 300 ms on PostgreSQL).

Recreates the database in DATABASE_URL (a benchmark database of its own: its name must
start with pamong_bench), makes a tenant with N active employees over 40 OPDs (a quarter
PPPK) with SQL, 1,000,000 JP entries over two years (about five per employee per year,
random JP), 200 programmes with 40,000 enrolments, budgets per OPD. Then it requests, in
process through Django's test client as the BKPSDM admin, the tenant dashboard, an OPD
dashboard with its list of employees below their JP, and the same OPD list of everyone,
ROUNDS times each, and prints p50/p95/max per page.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_competence \
        .venv/bin/python bench/bench_competence.py --employees 100000 --entries 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
YEAR = 2026


def recreate_database(url: str) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert url.startswith("postgres") and name.startswith("pamong_bench"), "benchmark DB only"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def build(employees: int, entries: int) -> tuple[int, int]:
    """The tenant's data; returns (admin user id, one OPD id)."""
    from django.db import connection
    from django_scopes import scopes_disabled

    from pamong.core.models import Role, RoleGrant, Tenant, User
    from pamong.org.models import Position, Unit

    with scopes_disabled():
        tenant = Tenant.objects.create(slug="bench", name="Kabupaten Bench")
        opds = []
        for i in range(40):
            unit = Unit.objects.create(
                tenant=tenant, code=f"1.{i:02d}", name=f"Dinas {i:02d}", kind="opd",
                path=f"1.{i:02d}", depth=0,
            )  # fmt: skip
            unit.opd = unit
            unit.save(update_fields=["opd"])
            opds.append(unit.pk)
        position = Position.objects.create(
            tenant=tenant, name="Pelaksana", kind="pelaksana", kelas=5
        )
        admin = User.objects.create_user("admin.bench", password="x", tenant=tenant)
        RoleGrant.objects.create(tenant=tenant, user=admin, role=Role.BKPSDM_ADMIN)
    t = tenant.pk
    first, last = opds[0], opds[-1]
    n_opd = len(opds)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO org_employee (tenant_id, nip, name, gender, birth_date, employee_type,
                golongan, position_id, unit_id, opd_id, status, email, phone, bank_name,
                bank_account, education, mkg_months, updated_at)
            SELECT %s, lpad(g::text, 18, '0'), 'Pegawai ' || g, 'L', DATE '1985-01-01',
                CASE WHEN g %% 4 = 0 THEN 'PPPK' ELSE 'PNS' END,
                CASE WHEN g %% 4 = 0 THEN 'IX' ELSE 'III/a' END,
                %s, %s + (g %% %s), %s + (g %% %s), 'aktif', '', '', '', '', '', 0, now()
            FROM generate_series(1, %s) AS g
            """,
            [t, position.pk, first, n_opd, first, n_opd, employees],
        )
        assert last - first + 1 == n_opd  # consecutive ids: the modulo above picks an OPD
        cur.execute(
            """
            INSERT INTO competence_jpentry (tenant_id, employee_id, opd_id, year, jp, source,
                activity_key, title, kind, completed_on, recorded_at)
            SELECT %s, e.id, e.opd_id, y, 1 + ((e.id * 7 + g * 13) %% 8), 'import',
                'import:' || y || ':' || g, 'Kegiatan ' || g, 'seminar',
                make_date(y, 1 + (g %% 12), 1), now()
            FROM (SELECT id, opd_id, row_number() OVER (ORDER BY id) AS r
                  FROM org_employee WHERE tenant_id = %s) AS e
            CROSS JOIN generate_series(1, %s) AS g
            CROSS JOIN (VALUES (%s), (%s)) AS years(y)
            WHERE (e.r * 31 + g) %% 10 < 9 OR g = 1
            """,
            [t, t, max(1, entries // (2 * employees) + 1), YEAR - 1, YEAR],
        )
        cur.execute(
            "DELETE FROM competence_jpentry WHERE id IN"
            " (SELECT id FROM competence_jpentry ORDER BY id DESC OFFSET %s)",
            [entries],
        )
        # The yearly totals the services keep with every ledger write.
        cur.execute(
            """
            INSERT INTO competence_jptotal (tenant_id, employee_id, year, jp)
            SELECT tenant_id, employee_id, year, SUM(jp) FROM competence_jpentry
            WHERE tenant_id = %s GROUP BY tenant_id, employee_id, year
            """,
            [t],
        )
        cur.execute(
            """
            INSERT INTO competence_programme (tenant_id, title, kind, competency_kind, competency,
                jp, cost_per_participant, quota, start, "end", status, created_at)
            SELECT %s, 'Program ' || g, 'pelatihan', 'teknis', 'x', 24, 1500000, 1000,
                make_date(%s, 1 + (g %% 12), 1), make_date(%s, 1 + (g %% 12), 3), 'open', now()
            FROM generate_series(1, 200) AS g
            """,
            [t, YEAR, YEAR],
        )
        cur.execute(
            """
            INSERT INTO competence_enrolment (tenant_id, programme_id, employee_id, opd_id,
                status, nominated, motivation, supervisor_note, decision_note,
                certificate_number, certificate, certificate_type, created_at, updated_at)
            SELECT %s, p.id, e.id, e.opd_id,
                (ARRAY['approved','completed','completed','not_completed'])[1 + e.id %% 4],
                false, '', '', '', '', '', '', now(), now()
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS r FROM competence_programme
                  WHERE tenant_id = %s) AS p
            JOIN (SELECT id, opd_id, row_number() OVER (ORDER BY id) AS r FROM org_employee
                  WHERE tenant_id = %s) AS e ON e.r %% 200 = p.r - 1 AND e.r <= 40000
            """,
            [t, t, t],
        )
        cur.execute(
            """
            INSERT INTO competence_trainingbudget (tenant_id, year, opd_id, amount)
            SELECT %s, %s, id, 250000000 FROM org_unit WHERE tenant_id = %s
            """,
            [t, YEAR, t],
        )
        cur.execute("ANALYZE")
        cur.execute("SELECT count(*) FROM competence_jpentry WHERE tenant_id = %s", [t])
        count = cur.fetchone()[0]
    took = time.perf_counter() - started
    print(f"data: {employees} employees, {count} ledger entries ({took:.1f} s)")
    return admin.pk, opds[len(opds) // 2]


def measure(admin_id: int, opd_id: int, rounds: int) -> dict[str, list[float]]:
    from django.test import Client
    from django_scopes import scopes_disabled

    from pamong.core.models import User

    client = Client()
    with scopes_disabled():
        client.force_login(User.objects.get(pk=admin_id))
    pages = {
        "tenant dashboard": f"/kompetensi/dasbor/?tahun={YEAR}",
        "OPD: below 20 JP": f"/kompetensi/dasbor/opd/{opd_id}/?tahun={YEAR}",
        "OPD: everyone, page 20": f"/kompetensi/dasbor/opd/{opd_id}/?tahun={YEAR}&semua=1&page=20",
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url  # warm-up
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("PAMONG_DATA_DIR", "/tmp/pamong-bench-competence")
    # The timed pages, not the second sign-in step (as scripts/demo does).
    os.environ.setdefault("PAMONG_REQUIRE_2FA", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    admin_id, opd_id = build(args.employees, args.entries)
    for name, values in measure(admin_id, opd_id, args.rounds).items():
        values.sort()
        p95 = values[max(0, round(0.95 * len(values)) - 1)]
        print(
            f"{name:26s} p50 {statistics.median(values):6.0f} ms  p95 {p95:6.0f} ms"
            f"  max {values[-1]:6.0f} ms  (n={len(values)})"
        )


if __name__ == "__main__":
    main()
