"""The home page's to-do list at scale (issue 12 §4: counts from set-based queries, the
home page within its query budget at 50,000 employees).

Builds a tenant of N employees over 40 OPDs (an OPD head, 24 heads of bidang and their
staff in each) with waiting work of every kind in realistic proportions: leave requests,
attendance corrections and punches, an SKP per employee, last month's ratings, objections,
public reports, twelve TPP runs with a slip per employee, training applications and
failed imports. Then it requests `/` in process (Django's test client) as each persona,
ROUNDS times, and prints the number of SQL queries and p50/p95 time per persona.

SQLite (a fresh database in a temporary folder) unless DATABASE_URL is set; a PostgreSQL
database is recreated and must be named pamong_bench*:

    .venv/bin/python bench/bench_home_todo.py --employees 50000
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_home \
        .venv/bin/python bench/bench_home_todo.py --employees 50000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OPDS = 40
BIDANG_PER_OPD = 24


def recreate_database(url: str) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert url.startswith("postgres") and name.startswith("pamong_bench"), "benchmark DB only"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def _bulk(model: Any, rows: list[Any]) -> None:
    model.objects.bulk_create(rows, batch_size=2000)


def build(n_employees: int, punch_days: int) -> dict[str, int]:  # noqa: C901 - one data set
    """The tenant and its waiting work; returns the persona user ids."""
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from pamong.appraisal.models import Evaluation, Objection, Skp
    from pamong.attendance.calendar import load_calendar
    from pamong.attendance.models import Correction, Punch
    from pamong.competence.models import Enrolment, Programme
    from pamong.core import clock
    from pamong.core.actor import system_actor
    from pamong.core.models import BackgroundJob, Role, RoleGrant, Tenant, User
    from pamong.leave.models import Approver, LeaveRequest
    from pamong.org.models import Employee, Position, Unit
    from pamong.participation.models import Complaint
    from pamong.tpp.models import TppPolicy, TppRun, TppSlip
    from pamong.tpp.services import tpp_policy_load
    from tests.tpp.conftest import POLICY

    started = time.perf_counter()
    with scopes_disabled(), transaction.atomic():
        tenant = Tenant.objects.create(slug="bench", name="Kabupaten Bench")
        today = clock.today(tenant)
        this_month = today.replace(day=1)
        last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
        period = f"{last_month:%Y-%m}"
        actor = system_actor(tenant)
        load_calendar(
            actor=actor,
            data={
                "schedule": {d: "07:30-16:00" for d in ("mon", "tue", "wed", "thu", "fri")},
                "national_holidays": False,
            },
        )
        tpp_policy_load(actor=actor, data=POLICY.encode(), source="tpp-policy.yaml")
        policy = TppPolicy.objects.get(tenant=tenant)
        jpt = Position.objects.create(tenant=tenant, name="Kepala Dinas", kind="jpt", kelas=14)
        adm = Position.objects.create(
            tenant=tenant, name="Kepala Bidang", kind="administrator", kelas=11
        )
        staff_pos = Position.objects.create(
            tenant=tenant, name="Pelaksana", kind="pelaksana", kelas=5
        )
        opds = []
        for i in range(OPDS):
            unit = Unit.objects.create(
                tenant=tenant, code=f"1.{i:02d}", name=f"Dinas {i:02d}", kind="opd",
                path=f"{i:04d}", depth=0,
            )  # fmt: skip
            unit.opd = unit
            unit.save(update_fields=["opd"])
            opds.append(unit)
        # Explicit ids, so that supervisors are known while the rows are built (the
        # foreign keys are checked at commit).
        next_id = (Employee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        per_opd = n_employees // OPDS
        employees: list[Employee] = []
        heads: list[int] = []
        kabids: list[int] = []
        for opd in opds:
            head_id = next_id
            heads.append(head_id)
            for k in range(per_opd):
                pk = next_id
                next_id += 1
                if k == 0:
                    position, supervisor = jpt, None
                elif k <= BIDANG_PER_OPD:
                    position, supervisor = adm, head_id
                    kabids.append(pk)
                else:
                    position = staff_pos
                    supervisor = head_id + 1 + (k % BIDANG_PER_OPD)
                employees.append(
                    Employee(
                        pk=pk, tenant=tenant, nip=f"{pk:018d}", name=f"Pegawai {pk}",
                        gender="L", birth_date=dt.date(1985, 1, 1), employee_type="PNS",
                        golongan="III/a", position=position, unit=opd, opd=opd,
                        supervisor_id=supervisor, status="aktif",
                    )
                )  # fmt: skip
        _bulk(Employee, employees)
        for opd, head_id in zip(opds, heads, strict=True):
            opd.head_id = head_id
        Unit.objects.bulk_update(opds, ["head"])
        staff = [e for e in employees if e.position_id == staff_pos.pk]

        leave = []
        for i, e in enumerate(staff[::5]):
            status = ["submitted", "considered", "approved", "rejected"][i % 4]
            start = today + dt.timedelta(days=(i % 40) - 10)
            leave.append(
                LeaveRequest(
                    tenant=tenant, employee=e, kind="tahunan", start=start, end=start,
                    range_end=start, working_days=1, reason="keluarga", status=status,
                    supervisor_id=e.supervisor_id,
                    approver=Approver.OPD_HEAD if i % 3 else Approver.BKPSDM,
                    approver_opd=e.opd,
                )
            )  # fmt: skip
        _bulk(LeaveRequest, leave)
        corrections = [
            Correction(
                tenant=tenant,
                employee=e,
                day=last_month + dt.timedelta(days=i % 28),
                check_in=dt.time(7, 30),
                reason="lupa absen",
                status="pending" if i % 3 else "approved",
            )  # fmt: skip
            for i, e in enumerate(staff[::4])
        ]
        _bulk(Correction, corrections)
        days = [this_month + dt.timedelta(days=d) for d in range(min(punch_days, today.day))]
        zone = clock.zone(tenant)
        punches = [
            Punch(
                tenant=tenant,
                employee=e,
                at=dt.datetime.combine(day, dt.time(hour, 30 + (e.pk % 20)), tzinfo=zone),
            )  # fmt: skip
            for e in employees
            for day in days
            for hour in (7, 16)
        ]
        _bulk(Punch, punches)
        skps = [
            Skp(
                tenant=tenant,
                employee=e,
                year=today.year,
                status=["draft", "submitted", "approved", "approved"][e.pk % 4],
                approver_id=e.supervisor_id,
            )  # fmt: skip
            for e in employees
        ]
        _bulk(Skp, skps)
        evaluations = [
            Evaluation(
                tenant=tenant,
                employee=e,
                period=period,
                penilai_id=e.supervisor_id,
                hasil_kerja="sesuai",
                perilaku_kerja="sesuai",
                predikat="baik",
                status=["rated", "acknowledged", "finalized"][e.pk % 3],
            )  # fmt: skip
            for i, e in enumerate(staff)
            if i % 3
        ]
        _bulk(Evaluation, evaluations)
        finalized = Evaluation.objects.filter(tenant=tenant, status="finalized")
        _bulk(
            Objection,
            [
                Objection(tenant=tenant, evaluation_id=pk, text="keberatan", deadline=today)
                for pk in finalized.values_list("pk", flat=True)[: n_employees // 100]
            ],
        )
        now = timezone.now()
        states = ["new", "verified", "dispatched", "in_progress", "closed", "closed"]
        complaints = []
        for i in range(n_employees // 5):
            unit = opds[i % OPDS]
            state = states[i % len(states)]
            complaints.append(
                Complaint(
                    tenant=tenant, code=f"BENCH-{i:08d}", category="pengaduan", unit=unit,
                    description="jalan rusak", identity="anonymous", state=state,
                    handling_unit=unit if state in ("dispatched", "in_progress") else None,
                    submitted_at=now, first_response_due=today + dt.timedelta(days=i % 9 - 4),
                    resolution_due=today + dt.timedelta(days=i % 20 - 5),
                )
            )  # fmt: skip
        _bulk(Complaint, complaints)
        runs = []
        for m in range(12):
            month = this_month
            for _ in range(m + 1):
                month = (month - dt.timedelta(days=1)).replace(day=1)
            status = ["draft", "verified", "approved"][m] if m < 3 else "paid"
            runs.append(TppRun(tenant=tenant, period=month, policy=policy, status=status))
        _bulk(TppRun, runs)
        latest_paid = TppRun.objects.get(tenant=tenant, period=runs[3].period)
        money = dict.fromkeys(
            ["tpp_dasar", "kinerja", "disiplin", "potongan_hukdis", "bruto", "pph21",
             "iuran_bpjs", "netto"], 3_000_000
        )  # fmt: skip
        _bulk(
            TppSlip,
            [
                TppSlip(
                    tenant=tenant,
                    run=latest_paid,
                    employee=e,
                    opd_id=e.opd_id,
                    nip=e.nip,
                    name=e.name,
                    unit_code="1",
                    employee_type="PNS",
                    golongan="III/a",
                    kelas=5,
                    hari_kerja=21,
                    hari_dibayar=21,
                    predikat="baik",
                    potongan_disiplin_persen=0,
                    **money,
                )  # fmt: skip
                for e in employees
            ],
        )
        programmes = [
            Programme(
                tenant=tenant,
                title=f"Pelatihan {i}",
                kind="pelatihan",
                competency_kind="teknis",
                competency="x",
                jp=24,
                quota=1000,
                start=today + dt.timedelta(days=i - 10),
                end=today + dt.timedelta(days=i - 8),
            )  # fmt: skip
            for i in range(50)
        ]
        _bulk(Programme, programmes)
        programme_ids = list(Programme.objects.filter(tenant=tenant).values_list("pk", flat=True))
        enrol_status = ["submitted", "supervisor_approved", "approved", "completed"]
        _bulk(
            Enrolment,
            [
                Enrolment(
                    tenant=tenant,
                    programme_id=programme_ids[i % 50],
                    employee=e,
                    opd_id=e.opd_id,
                    supervisor_id=e.supervisor_id,
                    status=enrol_status[i % 4],
                )  # fmt: skip
                for i, e in enumerate(staff[::5])
            ],
        )
        _bulk(
            BackgroundJob,
            [
                BackgroundJob(
                    tenant=tenant,
                    kind="imports.employees",
                    key=f"import:employees:{i}",
                    state="failed" if i % 2 else "done",
                )
                for i in range(100)
            ],
        )

        def user(name: str, employee_id: int | None = None, role: str | None = None) -> int:
            u = User.objects.create_user(name, password="x", tenant=tenant, employee_id=employee_id)
            if role:
                RoleGrant.objects.create(tenant=tenant, user=u, role=role)
            return u.pk

        kabid = kabids[len(kabids) // 2]
        team = [e.pk for e in staff if e.supervisor_id == kabid]
        member = next((pk for pk in team if pk % 4 == 2), team[0])  # an approved SKP
        made = {
            "BKPSDM admin": user("admin.bench", role=Role.BKPSDM_ADMIN),
            "head of OPD (1,250 staff)": user("kepala.bench", heads[OPDS // 2]),
            "head of bidang (~51 staff)": user("kabid.bench", kabid),
            "employee": user("pegawai.bench", member),
            "finance": user("keuangan.bench", role=Role.FINANCE),
            "TPP approver": user("penyetuju.bench", role=Role.APPROVER),
        }
    took = time.perf_counter() - started
    print(
        f"data: {len(employees)} employees, {len(leave)} leave requests, "
        f"{len(corrections)} corrections, {len(punches)} punches, {len(skps)} SKPs, "
        f"{len(evaluations)} ratings, {len(complaints)} reports, {len(employees)} slips "
        f"({took:.0f} s)"
    )
    return made


USERNAMES = {
    "BKPSDM admin": "admin.bench",
    "head of OPD (1,250 staff)": "kepala.bench",
    "head of bidang (~51 staff)": "kabid.bench",
    "employee": "pegawai.bench",
    "finance": "keuangan.bench",
    "TPP approver": "penyetuju.bench",
}


def personas() -> dict[str, int]:
    from pamong.core.models import User

    ids = dict(User.objects.filter(username__in=USERNAMES.values()).values_list("username", "pk"))
    return {name: ids[username] for name, username in USERNAMES.items()}


def measure(personas: dict[str, int], rounds: int) -> None:
    from django.db import connection
    from django.test import Client
    from django_scopes import scopes_disabled

    from pamong.core import todo
    from pamong.core.actor import actor_for_user
    from pamong.core.models import User
    from tests.factories import login_fully

    # CPU: this process's CPU time per request (Python and, on SQLite, the database too), a
    # figure that the other processes on a shared machine do not inflate.
    print(f"{'persona':28s} queries  items  p50 ms  p95 ms  max ms  CPU p50 ms")
    for name, user_id in personas.items():
        client = Client()
        with scopes_disabled():
            user = User.objects.get(pk=user_id)
            home = todo.collect(actor_for_user(user))
            login_fully(client, user)  # the second sign-in step where roles require it
        assert client.get("/").status_code == 200  # warm-up
        queries: list[tuple[float, str]] = []

        def count(execute: Any, sql: str, *args: Any, log: list[Any] = queries) -> Any:
            started = time.perf_counter()  # (Django resets connection.queries per request)
            try:
                return execute(sql, *args)
            finally:
                log.append(((time.perf_counter() - started) * 1000, sql))

        with connection.execute_wrapper(count):
            assert client.get("/").status_code == 200
        if os.environ.get("SHOW_QUERIES"):  # the slowest statements of the request
            for took, sql in sorted(queries, reverse=True)[:8]:
                print(f"    {took:7.1f} ms  {sql[:300]}")
        timings, cpu = [], []
        for _ in range(rounds):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get("/")
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        items = ", ".join(f"{t.key}={t.count}" for t in home.todos)
        print(
            f"{name:28s} {len(queries):7d}  {len(home.todos):5d}"
            f"  {statistics.median(timings):6.0f}  {p95:6.0f}  {timings[-1]:6.0f}"
            f"  {statistics.median(cpu):10.0f}"
        )
        print(f"    {items or '(nothing waiting)'}; cards: {[f.key for f in home.facts]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--punch-days", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database built before (PAMONG_DATA_DIR or DATABASE_URL)",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if args.reuse:
        assert url or os.environ.get("PAMONG_DATA_DIR"), "--reuse needs the database to use"
    elif url:
        recreate_database(url)
    else:
        os.environ["PAMONG_DATA_DIR"] = tempfile.mkdtemp(prefix="pamong-bench-home-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("PAMONG_DATA_DIR", "/tmp/pamong-bench-home")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"data folder: {os.environ['PAMONG_DATA_DIR']}")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    measure(personas() if args.reuse else build(args.employees, args.punch_days), args.rounds)


if __name__ == "__main__":
    main()
