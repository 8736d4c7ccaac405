"""The 20 JP dashboards: counts against an independent calculation, fixed query counts,
who may see which OPD; the ledger report and reminders."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from pamong.competence import services, stats
from pamong.competence.models import Enrolment, TrainingBudget
from pamong.competence.reports import send_reminders
from pamong.core.actor import system_actor
from pamong.org.models import Employee
from tests.conftest import Clock, World
from tests.factories import EmployeeFactory

from .helpers import actor, add_jp, programme


def _entries(world: World, rng: random.Random, year: int) -> dict[int, int]:
    """Random ledger rows for the tenant's employees; returns the year's totals."""
    totals: dict[int, int] = {}
    employees = list(Employee.objects.filter(tenant=world.tenant))
    for e in employees:
        for i in range(rng.randint(0, 4)):
            y = rng.choice([year - 1, year, year, year + 1])
            jp = rng.randint(1, 12)
            add_jp(e, y, jp, f"import:{i}:{y}")
            if y == year:
                totals[e.pk] = totals.get(e.pk, 0) + jp
    return totals


def test_counts_match_an_independent_calculation(world: World) -> None:
    rng = random.Random(20)
    for _i in range(25):
        EmployeeFactory(
            tenant=world.tenant,
            unit=rng.choice([world.opd, world.bidang, world.outsider.unit]),
            position=world.employee.position,
            employee_type=rng.choice(["PNS", "PNS", "PPPK", "CPNS"]),
            status=rng.choice(["aktif"] * 5 + ["pensiun"]),
        )
    totals = _entries(world, rng, 2026)
    board = stats.dashboard(world.tenant, 2026, 20, 24, None)
    active = Employee.objects.filter(tenant=world.tenant, status="aktif")
    for row in board.rows:
        mine = [e for e in active if e.opd_id == row.opd_id]
        target = {e.pk: 24 if e.employee_type == "PPPK" else 20 for e in mine}
        assert row.employees == len(mine)
        assert row.below == sum(1 for e in mine if totals.get(e.pk, 0) < target[e.pk])
        assert row.jp_total == sum(totals.get(e.pk, 0) for e in mine)
        assert row.over_pppk == sum(
            1 for e in mine if e.employee_type == "PPPK" and totals.get(e.pk, 0) > 24
        )


def test_dashboard_query_count_does_not_grow(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = world.client_for(world.admin_user)
    url = reverse("competence:dashboard") + "?tahun=2026"
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    rng = random.Random(1)
    for _ in range(30):
        EmployeeFactory(tenant=world.tenant, unit=world.bidang, position=world.employee.position)
    _entries(world, rng, 2026)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    opd_url = reverse("competence:dashboard-opd", args=[world.opd.pk]) + "?tahun=2026&semua=1"
    with django_assert_max_num_queries(14):
        assert client.get(opd_url).status_code == 200


def test_spend_budget_and_completion_rate(world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(2026, 7, 1)
    admin = actor(world.admin_user)
    prog = programme(world.tenant, cost_per_participant=2_000_000, quota=5)
    services.budget_set(actor=admin, year=2026, amount=10_000_000, opd=world.opd)
    for emp in (world.employee, world.peer, world.supervisor):
        services.enrolment_nominate(actor=admin, programme=prog, employee=emp)
    clock.set(2026, 8, 10)
    done = Enrolment.objects.filter(programme=prog).order_by("id")
    services.enrolment_complete(actor=admin, enrolment=done[0], completed=True)
    services.enrolment_complete(actor=admin, enrolment=done[1], completed=False)
    board = stats.dashboard(world.tenant, 2026, 20, 24, None)
    row = next(r for r in board.rows if r.opd_id == world.opd.pk)
    assert row.spend == 6_000_000  # three seats, whatever their outcome
    assert row.budget == 10_000_000 and row.spend_pct == 60
    assert (row.completed, row.finished, row.completion_pct) == (1, 2, 50)
    assert TrainingBudget.objects.filter(tenant=world.tenant).count() == 1
    services.budget_set(actor=admin, year=2026, amount=12_000_000, opd=world.opd)
    assert TrainingBudget.objects.get(tenant=world.tenant).amount == 12_000_000


def test_opd_head_sees_only_their_opd_and_employees_see_none(world: World) -> None:
    head = world.client_for(world.head_user)
    response = head.get(reverse("competence:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert world.opd.name in body and world.outsider.opd.name not in body
    assert head.get(reverse("competence:dashboard-opd", args=[world.opd.pk])).status_code == 200
    other = reverse("competence:dashboard-opd", args=[world.outsider.opd_id])
    assert head.get(other).status_code == 403
    foreign = reverse("competence:dashboard-opd", args=[world.other_opd.pk])
    assert world.client_for(world.admin_user).get(foreign).status_code == 404
    for user in (world.employee_user, world.supervisor_user, world.finance_user):
        assert world.client_for(user).get(reverse("competence:dashboard")).status_code == 403
    assert (
        world.client_for(world.auditor_user).get(reverse("competence:dashboard")).status_code == 200
    )


def test_opd_page_lists_those_below_target(world: World) -> None:
    add_jp(world.peer, 2026, 21, "import:a")
    client = world.client_for(world.admin_user)
    body = client.get(
        reverse("competence:dashboard-opd", args=[world.opd.pk]) + "?tahun=2026"
    ).content.decode()
    assert world.employee.name in body and world.peer.name not in body


def test_ledger_command_writes_csv_and_xlsx(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    add_jp(world.employee, 2026, 7, "import:b")
    out = tmp_path / "jp.csv"
    call_command("competence_ledger", tenant="sofifi", year=2026, output=str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert {r["nip"] for r in rows} == set(
        Employee.objects.filter(tenant=world.tenant, status="aktif").values_list("nip", flat=True)
    )
    mine = next(r for r in rows if r["nip"] == world.employee.nip)
    assert (mine["jp"], mine["target"], mine["kurang"]) == ("7", "20", "13")
    xlsx = tmp_path / "jp.xlsx"
    call_command("competence_ledger", tenant="sofifi", year=2026, output=str(xlsx))
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    assert sheet.max_row == len(rows) + 1


def test_reminders_from_july_once_a_month(world: World) -> None:
    world.employee_user.email = "arnoldus@example.test"
    world.employee_user.save()
    world.supervisor_user.email = "maria@example.test"
    world.supervisor_user.save()
    system = system_actor(world.tenant)
    assert send_reminders(actor=system, today=dt.date(2026, 6, 30)).sent == 0
    assert mail.outbox == []
    result = send_reminders(actor=system, today=dt.date(2026, 7, 1))
    assert result.sent == 2
    to_supervisor = next(m for m in mail.outbox if m.to == ["maria@example.test"])
    assert world.employee.name in to_supervisor.body
    assert send_reminders(actor=system, today=dt.date(2026, 7, 20)).sent == 0
    assert send_reminders(actor=system, today=dt.date(2026, 8, 1)).sent == 2
    with pytest.raises(PermissionDenied):
        send_reminders(actor=actor(world.employee_user), today=dt.date(2026, 8, 1))


def test_daily_beat_sends_jp_reminders_once_a_month(world: World, clock: Clock) -> None:
    from django.conf import settings

    from pamong.competence.tasks import email_jp_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["email-jp-reminders"]
    assert entry["task"] == "pamong.competence.tasks.email_jp_reminders"
    world.employee_user.email = "arnoldus@example.test"
    world.employee_user.save()
    clock.set(2026, 6, 30)
    assert email_jp_reminders() == 0
    clock.set(2026, 7, 1)
    assert email_jp_reminders() >= 1
    assert any(m.to == ["arnoldus@example.test"] for m in mail.outbox)
    assert email_jp_reminders() == 0  # the next beat the same month sends nothing again
