"""Deadlines per category in working days, the policy page, and escalation to the OPD head."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.attendance.models import WorkCalendar
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog
from pamong.participation.deadlines import add_working_days, compute_dues, escalate_overdue
from pamong.participation.models import Complaint, ComplaintEscalation, DeadlinePolicy
from pamong.participation.tasks import escalate_overdue_complaints
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint, post, url

State = Complaint.State
LAPOR = reverse("participation:lapor", args=["sofifi"])


@pytest.fixture
def calendar(world: World) -> WorkCalendar:
    week = {d: "07:30-16:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    return WorkCalendar.objects.create(
        tenant=world.tenant,
        schedule=week,
        national_holidays=False,
        holidays=[{"date": "2026-12-25", "name": "Natal"}],
        cuti_bersama=["2026-12-24"],
    )


def test_deadlines_follow_the_category_and_tier_across_holidays(
    world: World, calendar: WorkCalendar
) -> None:
    received = dt.date(2026, 12, 18)  # Friday
    # Mon 21, Tue 22, Wed 23, (Thu 24 cuti bersama, Fri 25 Natal), Mon 28, Tue 29.
    assert compute_dues(world.tenant, received, "pengaduan", "standard") == (
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 29),
    )
    assert compute_dues(world.tenant, received, "pengaduan", "dispute")[1] == dt.date(2027, 1, 11)
    # 60: 7 in Dec (21-23, 28-31), 21 in Jan, 20 in Feb (48), then 1-5, 8-12, 15, 16 Mar.
    assert add_working_days(world.tenant, received, 60) == dt.date(2027, 3, 16)
    assert compute_dues(world.tenant, received, "pengaduan", "field")[1] == dt.date(2027, 3, 16)
    # No calendar: Monday to Friday, no holidays.
    assert compute_dues(world.other_tenant, received, "pengaduan", "standard")[1] == dt.date(
        2026, 12, 25
    )


def test_policy_is_configurable_and_audited(world: World) -> None:
    page = reverse("participation:deadline-policy")
    admin = world.client_for(world.admin_user)
    assert admin.get(page).status_code == 200
    assert world.client_for(world.auditor_user).get(page).status_code == 403
    assert world.client_for(world.head_user).post(page, {}).status_code == 403
    values = {
        "first_response_days": 2,
        "pengaduan_days": 7,
        "aspirasi_days": 10,
        "pertanyaan_days": 4,
        "apresiasi_days": 5,
        "dispute_days": 14,
        "field_days": 60,
    }
    bad = admin.post(page, {**values, "pengaduan_days": 0})
    assert bad.status_code == 200 and "pengaduan_days" in bad.context["form"].errors
    assert admin.post(page, values).status_code == 302
    policy = DeadlinePolicy.objects.get(tenant=world.tenant)
    assert (policy.first_response_days, policy.aspirasi_days) == (2, 10)
    assert AuditLog.objects.filter(action="participation.deadline_policy.save").count() == 1
    received = dt.date(2026, 11, 16)  # Monday
    assert compute_dues(world.tenant, received, "aspirasi", "standard") == (
        dt.date(2026, 11, 18),
        dt.date(2026, 11, 30),
    )
    # The other tenant keeps the defaults.
    assert compute_dues(world.other_tenant, received, "aspirasi", "standard")[0] == dt.date(
        2026, 11, 19
    )


def test_submission_and_verification_set_the_resolution_deadline(world: World) -> None:
    Client().post(
        LAPOR,
        {
            "category": "pertanyaan",
            "unit": world.opd.pk,
            "description": "Bagaimana cara mengurus kenaikan pangkat reguler?",
            "identity": "anonymous",
        },
    )
    complaint = Complaint.objects.get()
    assert complaint.resolution_due is not None
    assert complaint.resolution_due > complaint.first_response_due
    complaint.submitted_at = dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC)  # Mon in WIT
    complaint.save()
    response = post(world, world.admin_user, "complaint-verify", complaint, {"handling": "field"})
    assert response == 302
    complaint.refresh_from_db()
    assert complaint.handling == "field"
    assert complaint.resolution_due == add_working_days(world.tenant, dt.date(2026, 11, 16), 60)
    log = AuditLog.objects.get(action="participation.complaint.verify")
    assert log.after["handling"] == "field"
    bad = make_complaint(world)
    post(world, world.admin_user, "complaint-verify", bad, {"handling": "sembarang"})
    bad.refresh_from_db()
    assert bad.state == State.NEW


def _overdue(world: World, **extra: object) -> Complaint:
    values: dict[str, object] = {
        "first_response_due": dt.date(2026, 11, 2),
        "resolution_due": dt.date(2026, 11, 20),
    }
    values.update(extra)
    return make_complaint(world, **values)


def test_escalation_is_idempotent_audited_and_per_deadline(world: World) -> None:
    actor = system_actor(world.tenant)
    late = _overdue(world)  # first response late on 2026-11-10
    dispatched = _overdue(
        world,
        state=State.DISPATCHED,
        handling_unit=world.outsider.opd,
        first_response_at=timezone.now(),
    )
    closed = _overdue(world, state=State.CLOSED)
    _overdue(world, first_response_due=dt.date(2026, 11, 30), resolution_due=None)  # not due
    first = escalate_overdue(actor=actor, today=dt.date(2026, 11, 10))
    assert [(e.complaint_id, e.reason) for e in first] == [(late.pk, "first_response")]
    assert first[0].opd_id == world.opd.pk
    assert escalate_overdue(actor=actor, today=dt.date(2026, 11, 10)) == []
    later = escalate_overdue(actor=actor, today=dt.date(2026, 11, 23))
    assert {(e.complaint_id, e.reason, e.opd_id) for e in later} == {
        (late.pk, "resolution", world.opd.pk),
        # Once dispatched, the handling unit's OPD is responsible.
        (dispatched.pk, "resolution", world.outsider.opd_id),
    }
    assert not ComplaintEscalation.objects.filter(complaint=closed).exists()
    assert AuditLog.objects.filter(action="participation.complaint.escalate").count() == 3
    assert escalate_overdue(actor=actor, today=dt.date(2026, 11, 23)) == []


def test_escalate_command_and_task(world: World) -> None:
    _overdue(world)
    out = StringIO()
    call_command("complaints_escalate", "--tenant", "sofifi", "--date", "2026-11-10", stdout=out)
    assert out.getvalue().splitlines() == ["dieskalasi: 1", "tindak lanjut forum dieskalasi: 0"]
    again = StringIO()
    call_command("complaints_escalate", "--tenant", "sofifi", "--date", "2026-11-10", stdout=again)
    assert again.getvalue().splitlines()[0] == "dieskalasi: 0"
    # The daily task escalates what is due by today (resolution deadline now passed too).
    assert escalate_overdue_complaints() == 1
    assert escalate_overdue_complaints() == 0
    assert ComplaintEscalation.objects.count() == 2


def test_opd_head_sees_escalated_reports_without_contact_details(
    world: World, django_assert_max_num_queries
) -> None:
    complaint = _overdue(world, reporter_phone="081234567890")
    other = _overdue(world, unit=world.outsider.opd)
    escalate_overdue(actor=system_actor(world.tenant), today=dt.date(2026, 11, 10))
    head = world.client_for(world.head_user)
    listing = head.get(reverse("participation:complaints"), {"eskalasi": "1"})
    assert [c.pk for c, _o in listing.context["rows"]] == [complaint.pk]
    assert "dieskalasi" in listing.content.decode()
    detail = head.get(url("complaint", complaint))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Tanggapan pertama terlambat" in html
    assert "yakobus@example.org" not in html and "081234567890" not in html
    assert head.get(url("complaint", other)).status_code == 403
    staff_html = world.client_for(world.admin_user).get(url("complaint", complaint))
    assert "yakobus@example.org" in staff_html.content.decode()
    for _ in range(5):
        _overdue(world)
    escalate_overdue(actor=system_actor(world.tenant), today=dt.date(2026, 11, 10))
    with django_assert_max_num_queries(12):
        head.get(reverse("participation:complaints"), {"eskalasi": "1"})
