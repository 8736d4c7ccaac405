"""Beranda is a to-do list (issue 12 §4): per role the right items and counts, links the
person may open, nothing of another tenant, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.appraisal.models import Evaluation, Skp
from pamong.attendance.models import Correction
from pamong.core.actor import cli_actor
from pamong.core.models import BackgroundJob, Tenant, User
from pamong.leave.models import Approver, LeaveRequest
from pamong.org.models import Employee, Unit
from pamong.participation.models import Complaint
from pamong.tpp.models import TppPolicy, TppRun, TppSlip
from pamong.tpp.services import tpp_policy_load
from tests.attendance.helpers import set_calendar
from tests.conftest import World
from tests.factories import UserFactory
from tests.tpp.conftest import POLICY

TODAY = dt.date(2026, 11, 18)  # a Wednesday; October's ratings were due on 5 November

ITEM = re.compile(
    r'<li data-todo="(?P<key>[\w.]+)"(?P<late> class="overdue")?><a href="(?P<url>[^"]+)">'
    r'<strong class="todo-count">(?P<n>\d+)</strong>'
)
FACT = re.compile(r'data-fact="([\w.]+)"')


@dataclass
class Page:
    items: dict[str, int]
    overdue: set[str]
    urls: list[str]
    facts: list[str]
    html: str


def home(client: Client) -> Page:
    response = client.get(reverse("ui:home"))
    assert response.status_code == 200
    html = response.content.decode()
    found = list(ITEM.finditer(html))
    fact_urls = re.findall(r'<p><a href="([^"]+)">', html.split('class="cards"', 1)[1])
    return Page(
        items={m["key"]: int(m["n"]) for m in found},
        overdue={m["key"] for m in found if m["late"]},
        urls=[m["url"].replace("&amp;", "&") for m in found] + fact_urls,
        facts=FACT.findall(html),
        html=html,
    )


def leave_request(employee: Employee, status: str, approver: str, **kw: Any) -> LeaveRequest:
    start = kw.pop("start", dt.date(2026, 11, 23))
    return LeaveRequest.objects.create(
        tenant=employee.tenant,
        employee=employee,
        kind="tahunan",
        start=start,
        end=start,
        working_days=1,
        reason="keperluan keluarga",
        status=status,
        approver=approver,
        **kw,
    )


def complaint(tenant: Tenant, unit: Unit, state: str, late: bool = False, **kw: Any) -> Complaint:
    due = TODAY - dt.timedelta(days=1) if late else TODAY + dt.timedelta(days=3)
    return Complaint.objects.create(
        tenant=tenant,
        code=f"T{Complaint.objects.count()}-{state}-{unit.pk}-{late}",
        category=Complaint.Category.PENGADUAN,
        unit=unit,
        description="jalan rusak",
        identity=Complaint.Identity.ANONYMOUS,
        state=state,
        submitted_at=timezone.now(),
        first_response_due=due,
        resolution_due=TODAY + dt.timedelta(days=10),
        **kw,
    )


def correction(employee: Employee, day: dt.date) -> Correction:
    return Correction.objects.create(
        tenant=employee.tenant,
        employee=employee,
        day=day,
        check_in=dt.time(7, 30),
        reason="lupa absen",
    )


def slip(run: TppRun, employee: Employee) -> TppSlip:
    columns = ["tpp_dasar", "kinerja", "disiplin", "potongan_hukdis", "bruto", "pph21"]
    money = {name: 1_000_000 for name in [*columns, "iuran_bpjs", "netto"]}
    return TppSlip.objects.create(
        tenant=run.tenant,
        run=run,
        employee=employee,
        opd_id=employee.opd_id,
        nip=employee.nip,
        name=employee.name,
        unit_code="1.01.01",
        employee_type="PNS",
        golongan="III/a",
        kelas=5,
        hari_kerja=21,
        hari_dibayar=21,
        predikat="baik",
        potongan_disiplin_persen=0,
        **money,
    )


def failed_import(tenant: Tenant, kind: str, state: str = BackgroundJob.State.FAILED) -> Any:
    return BackgroundJob.objects.create(
        tenant=tenant, kind=f"imports.{kind}", key=f"import:{kind}", state=state
    )


@dataclass
class Busy:
    world: World
    peer_user: User
    policy: TppPolicy


def add_items(world: World, copies: int = 1, first: int = 0) -> None:
    """One of each kind of waiting item (or `copies` of the repeatable ones)."""
    t = world.tenant
    for i in range(first, first + copies):
        day = dt.date(2026, 11, 23) + dt.timedelta(days=7 * i)
        leave_request(
            world.employee,
            LeaveRequest.Status.SUBMITTED,
            Approver.OPD_HEAD,
            supervisor=world.supervisor,
            approver_opd=world.opd,
            start=day,
        )
        leave_request(
            world.peer,
            LeaveRequest.Status.CONSIDERED,
            Approver.OPD_HEAD,
            supervisor=world.supervisor,
            approver_opd=world.opd,
            start=dt.date(2026, 11, 16) - dt.timedelta(days=7 * i),  # has begun: late
        )
        leave_request(world.outsider, LeaveRequest.Status.CONSIDERED, Approver.BKPSDM, start=day)
        correction(world.employee, dt.date(2026, 11, 16) - dt.timedelta(days=i))
        complaint(t, world.opd, Complaint.State.NEW)
        complaint(t, world.opd, Complaint.State.NEW, late=True)
        complaint(t, world.bidang, Complaint.State.DISPATCHED, handling_unit=world.bidang)
    failed_import(t, "employees")


@pytest.fixture
def busy(world: World, clock: Any) -> Busy:
    clock.set(TODAY.year, TODAY.month, TODAY.day)
    set_calendar(world.tenant)
    set_calendar(world.other_tenant)
    peer_user = UserFactory(username=world.peer.nip, tenant=world.tenant, employee=world.peer)
    policy, _created = tpp_policy_load(
        actor=cli_actor(world.tenant), data=POLICY.encode(), source="p.yaml"
    )
    add_items(world)
    t = world.tenant
    # SKP cycle: the employee's SKP waits for the supervisor; the peer's October rating
    # waits for the peer's acknowledgement and for the head's finalising.
    Skp.objects.create(
        tenant=t, employee=world.employee, year=2026, status=Skp.Status.SUBMITTED,
        approver=world.supervisor,
    )  # fmt: skip
    Evaluation.objects.create(
        tenant=t, employee=world.peer, period="2026-10", penilai=world.supervisor,
        hasil_kerja="sesuai", perilaku_kerja="sesuai", predikat="baik",
    )  # fmt: skip
    # TPP: October to verify, September to approve (late), August to pay, with a slip.
    for month, status in ((10, "draft"), (9, "verified"), (8, "approved")):
        run = TppRun.objects.create(
            tenant=t, period=dt.date(2026, month, 1), policy=policy, status=status
        )
    slip(run, world.employee)
    # A failed import that was followed by a successful one is no longer a to-do.
    failed_import(t, "units")
    failed_import(t, "units", BackgroundJob.State.DONE)
    # The other tenant has its own waiting items; none may reach this tenant's people.
    o = world.other_tenant
    leave_request(world.foreigner, LeaveRequest.Status.CONSIDERED, Approver.BKPSDM)
    correction(world.foreigner, dt.date(2026, 11, 16))
    complaint(o, world.other_opd, Complaint.State.NEW, late=True)
    failed_import(o, "employees")
    return Busy(world, peer_user, policy)


EXPECTED: dict[str, dict[str, int]] = {
    "employee_user": {},
    "peer_user": {"appraisal.own_skp": 1, "appraisal.own_acknowledge": 1},
    "supervisor_user": {
        "leave.consider": 1,
        "attendance.corrections": 1,
        "appraisal.skp_approve": 1,
        "appraisal.rate": 1,
        "appraisal.own_skp": 1,
    },
    "head_user": {
        "leave.decide": 1,
        "appraisal.rate": 1,
        "appraisal.finalize": 1,
        "appraisal.own_skp": 1,
        "participation.respond": 1,
    },
    "admin_user": {
        "leave.decide": 1,
        "participation.verify": 2,
        "participation.follow_up": 1,
        "imports.failed": 1,
    },
    "finance_user": {"tpp.verify": 1, "tpp.pay": 1},
    "approver_user": {"tpp.approve": 1},
    "auditor_user": {},
    "other_admin_user": {
        "leave.decide": 1,
        "attendance.corrections": 1,
        "participation.verify": 1,
        "imports.failed": 1,
    },
}


def _user(busy: Busy, name: str) -> User:
    return busy.peer_user if name == "peer_user" else getattr(busy.world, name)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_sees_its_own_items_with_counts_and_links_that_open(busy: Busy, who: str) -> None:
    client = busy.world.client_for(_user(busy, who))
    page = home(client)
    assert page.items == EXPECTED[who]
    for url in page.urls:
        assert client.get(url).status_code == 200, url


def test_overdue_items_are_marked_and_listed_first(busy: Busy) -> None:
    w = busy.world
    supervisor = home(w.client_for(w.supervisor_user))
    # The SKP was due on 31 January and October's ratings on 5 November.
    assert supervisor.overdue == {
        "appraisal.skp_approve",
        "appraisal.rate",
        "appraisal.own_skp",
    }
    head = home(w.client_for(w.head_user))
    assert "leave.decide" in head.overdue  # the leave has already begun
    order = list(head.items)
    assert order.index("leave.decide") < order.index("appraisal.finalize")
    admin = home(w.client_for(w.admin_user))
    assert "participation.verify" in admin.overdue
    assert list(admin.items)[0] == "participation.verify"  # the only overdue item
    assert "lewat batas" in admin.html
    approver = home(w.client_for(w.approver_user))
    assert approver.overdue == {"tpp.approve"}  # September's run, two months ago


def test_employee_sees_balance_attendance_and_latest_slip(busy: Busy) -> None:
    w = busy.world
    page = home(w.client_for(w.employee_user))
    assert page.facts == ["leave.balance", "attendance.month", "tpp.slip"]
    assert "Cuti tahunan 2026" in page.html
    assert "Presensi bulan ini" in page.html
    assert "Rp1.000.000" in page.html
    assert 'data-testid="todo-empty"' in page.html
    # Staff without an employee record have no personal cards.
    assert home(w.client_for(w.admin_user)).facts == []


def test_own_tasks_realisation_and_acknowledgement(busy: Busy) -> None:
    w = busy.world
    skp = Skp.objects.get(employee=w.employee, year=2026)
    skp.status = Skp.Status.APPROVED
    skp.save()
    from pamong.appraisal.models import Indicator, Realisation, Rhk

    rhk = Rhk.objects.create(tenant=w.tenant, skp=skp, text="Data pegawai mutakhir")
    done, _todo = (
        Indicator.objects.create(
            tenant=w.tenant, rhk=rhk, text=f"indikator {i}", target="1", aspect="kuantitas"
        )
        for i in range(2)
    )
    Realisation.objects.create(tenant=w.tenant, indicator=done, period="2026-10", value="1")
    page = home(w.client_for(w.employee_user))
    assert page.items == {"appraisal.own_realisation": 1}
    assert page.overdue == {"appraisal.own_realisation"}
    assert 'data-testid="todo-mine"' in page.html


def test_no_other_tenant_item_is_counted(busy: Busy) -> None:
    w = busy.world
    # Many more items in the other tenant change nothing here.
    for _ in range(3):
        complaint(w.other_tenant, w.other_opd, Complaint.State.NEW)
        leave_request(w.foreigner, LeaveRequest.Status.CONSIDERED, Approver.BKPSDM)
        failed_import(w.other_tenant, "units")
    assert home(w.client_for(w.admin_user)).items == EXPECTED["admin_user"]
    other = home(w.client_for(w.other_admin_user)).items
    assert other["participation.verify"] == 4
    assert other["leave.decide"] == 4


def test_english_labels(busy: Busy) -> None:
    w = busy.world
    client = w.client_for(w.supervisor_user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("ui:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waiting for you" in html
    assert "Leave requests awaiting your consideration" in html
    assert "Menunggu" not in html


def test_superadmin_and_anonymous(busy: Busy) -> None:
    w = busy.world
    html = w.client_for(w.superadmin_user).get(reverse("ui:home")).content.decode()
    assert "data-todo" not in html and 'id="todo"' not in html
    response = Client().get(reverse("ui:home"))
    assert response.status_code == 302


def _queries(client: Client) -> int:
    """SQL statements of one request (connection.queries is reset when a request starts)."""
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        assert client.get(reverse("ui:home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["admin_user", "supervisor_user", "head_user", "employee_user"])
def test_query_count_does_not_grow_with_the_items(busy: Busy, who: str) -> None:
    client = busy.world.client_for(_user(busy, who))
    _queries(client)  # warm the per-process caches (calendar, policy)
    before = _queries(client)
    add_items(busy.world, copies=15, first=1)
    page = home(client)
    assert sum(page.items.values()) > sum(EXPECTED[who].values()) or who == "employee_user"
    assert _queries(client) == before
    assert 5 <= before <= 40
