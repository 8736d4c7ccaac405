"""Tunda (SP4N-LAPOR!): the verifier postpones an incomplete report, the reporter's reply
brings it back to verification, and the deadlines stand still meanwhile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.participation import complaints as svc
from pamong.participation.deadlines import (
    add_working_days,
    escalate_overdue,
    is_overdue,
    paused_working_days,
)
from pamong.participation.models import Complaint
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint, post, url

State = Complaint.State
WIT = dt.timezone(dt.timedelta(hours=9))
REASON = "Mohon sebutkan nama loket dan jam kejadian."


def ticket(complaint: Complaint, name: str = "ticket") -> str:
    return reverse(f"participation:{name}", args=["sofifi", complaint.code])


def test_staff_postpone_and_the_reporter_sees_why(world: World) -> None:
    complaint = make_complaint(world)
    assert post(world, world.admin_user, "complaint-postpone", complaint, {"reason": REASON}) == 302
    complaint.refresh_from_db()
    assert complaint.state == State.POSTPONED
    assert complaint.postpone_reason == REASON
    assert complaint.postponed_at is not None
    page = Client().get(ticket(complaint))
    html = page.content.decode()
    assert "Ditunda, menunggu keterangan pelapor" in html
    assert REASON in html
    assert ticket(complaint, "ticket-reply") in html  # the reply form is offered
    entry = AuditLog.objects.get(action="participation.complaint.postpone")
    assert entry.after["state"] == "postponed"
    assert entry.after["postpone_reason"] == REASON
    # The staff page shows the reason and offers archiving, not verifying.
    detail = world.client_for(world.admin_user).get(url("complaint", complaint))
    assert REASON in detail.text
    assert reverse("participation:complaint-archive", args=[complaint.pk]) in detail.text
    assert reverse("participation:complaint-verify", args=[complaint.pk]) not in detail.text


def test_postpone_form_is_offered_on_new_reports_only(world: World) -> None:
    new = make_complaint(world)
    verified = make_complaint(world, state=State.VERIFIED)
    client = world.client_for(world.admin_user)
    action = reverse("participation:complaint-postpone", args=[new.pk])
    assert action in client.get(url("complaint", new)).text
    other = reverse("participation:complaint-postpone", args=[verified.pk])
    assert other not in client.get(url("complaint", verified)).text


@pytest.mark.parametrize(
    "who", ["auditor_user", "head_user", "supervisor_user", "employee_user", "finance_user"]
)
def test_postpone_is_for_verifying_staff_only(world: World, who: str) -> None:
    complaint = make_complaint(world)
    user = getattr(world, who)
    assert post(world, user, "complaint-postpone", complaint, {"reason": REASON}) == 403
    complaint.refresh_from_db()
    assert (complaint.state, complaint.postpone_reason) == (State.NEW, "")
    assert not AuditLog.objects.filter(action="participation.complaint.postpone").exists()


def test_postpone_service_checks_permission_itself(world: World) -> None:
    complaint = make_complaint(world)
    with pytest.raises(PermissionDenied):
        svc.complaint_postpone(
            actor=actor_for_user(world.auditor_user), complaint=complaint, reason=REASON
        )


def test_other_tenant_gets_404(world: World) -> None:
    complaint = make_complaint(world)
    client = world.client_for(world.other_admin_user)
    response = client.post(url("complaint-postpone", complaint), {"reason": REASON})
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    # The public side of the other tenant does not know the code either.
    complaint.state = State.POSTPONED
    complaint.save()
    reply = reverse("participation:ticket-reply", args=["kupang", complaint.code])
    assert Client().post(reply, {"text": "tambahan"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == State.POSTPONED


def test_reason_is_required(world: World) -> None:
    complaint = make_complaint(world)
    client = world.client_for(world.admin_user)
    response = client.post(url("complaint-postpone", complaint), {"reason": "  "}, follow=True)
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    with pytest.raises(ValidationError):
        svc.complaint_postpone(
            actor=actor_for_user(world.admin_user), complaint=complaint, reason=" "
        )
    assert post(world, world.admin_user, "complaint-postpone", complaint, {"reason": "x" * 501})
    complaint.refresh_from_db()
    assert complaint.state == State.NEW


@pytest.mark.parametrize(
    "state", [State.VERIFIED, State.DISPATCHED, State.IN_PROGRESS, State.CLOSED, State.ARCHIVED]
)
def test_only_new_reports_can_be_postponed(world: World, state: str) -> None:
    complaint = make_complaint(world, state=state, handling_unit=world.opd)
    client = world.client_for(world.admin_user)
    response = client.post(url("complaint-postpone", complaint), {"reason": REASON}, follow=True)
    assert "tidak bisa dilakukan" in response.text
    complaint.refresh_from_db()
    assert complaint.state == state


def test_postponed_report_can_be_archived_but_not_verified_or_dispatched(world: World) -> None:
    complaint = make_complaint(world, state=State.POSTPONED, postpone_reason=REASON)
    admin = world.admin_user
    post(world, admin, "complaint-verify", complaint, {})
    post(world, admin, "complaint-dispatch", complaint, {"unit": str(world.opd.pk)})
    complaint.refresh_from_db()
    assert complaint.state == State.POSTPONED
    assert (
        post(
            world,
            admin,
            "complaint-archive",
            complaint,
            {"note": "tidak dijawab", "confirmed": "1"},
        )
        == 302
    )
    complaint.refresh_from_db()
    assert complaint.state == State.ARCHIVED


def test_reporter_reply_reopens_and_moves_the_deadlines(world: World) -> None:
    # No calendar loaded: working days are Monday to Friday. Arrived Monday 2 Nov 2026,
    # postponed Tuesday 3 Nov, answered Monday 9 Nov: paused Wed, Thu, Fri, Mon = 4 days.
    submitted = dt.datetime(2026, 11, 2, 9, tzinfo=WIT)
    complaint = make_complaint(
        world,
        submitted_at=submitted,
        first_response_due=dt.date(2026, 11, 5),
        resolution_due=dt.date(2026, 11, 9),
    )
    admin = actor_for_user(world.admin_user)
    postponed_at = dt.datetime(2026, 11, 3, 10, tzinfo=WIT)
    reply_at = dt.datetime(2026, 11, 9, 20, tzinfo=WIT)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: postponed_at)
        svc.complaint_postpone(actor=admin, complaint=complaint, reason=REASON)
        # While postponed nothing is overdue or escalated, however late.
        complaint.refresh_from_db()
        assert not is_overdue(complaint, dt.date(2026, 12, 31))
        assert escalate_overdue(actor=admin, today=dt.date(2026, 12, 31)) == []
        mp.setattr(timezone, "now", lambda: reply_at)
        response = Client().post(ticket(complaint, "ticket-reply"), {"text": "Loket 3, 08.30."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == State.NEW  # back in the verification queue
    assert complaint.reporter_reply == "Loket 3, 08.30."
    assert complaint.paused_days == 4
    assert complaint.first_response_due == dt.date(2026, 11, 11)  # Thu 5 + 4 working days
    assert complaint.resolution_due == dt.date(2026, 11, 13)  # Mon 9 + 4 working days
    entry = AuditLog.objects.filter(action="participation.complaint.reporter_reply").get()
    assert entry.before["state"] == "postponed" and entry.after["state"] == "new"
    assert entry.after["paused_days"] == 4
    assert "Loket 3" not in str(entry.after) + str(entry.data)
    # Staff see it in the queue of new reports with the reply.
    listing = world.client_for(world.admin_user).get(
        reverse("participation:complaints"), {"status": "new"}
    )
    assert [c.pk for c, _overdue in listing.context["rows"]] == [complaint.pk]
    # Verification recomputes the resolution deadline from arrival, plus the pause.
    verified = svc.complaint_verify(actor=admin, complaint=complaint, handling="standard")
    assert verified.resolution_due == add_working_days(world.tenant, dt.date(2026, 11, 2), 5 + 4)
    assert verified.resolution_due == dt.date(2026, 11, 13)


def test_a_second_postponement_adds_up(world: World) -> None:
    complaint = make_complaint(world, first_response_due=dt.date(2026, 11, 5))
    admin = actor_for_user(world.admin_user)
    moments = [
        dt.datetime(2026, 11, 3, 10, tzinfo=WIT),  # postpone (Tue)
        dt.datetime(2026, 11, 4, 10, tzinfo=WIT),  # reply (Wed): 1 day
        dt.datetime(2026, 11, 5, 10, tzinfo=WIT),  # postpone (Thu)
        dt.datetime(2026, 11, 10, 10, tzinfo=WIT),  # reply (Tue): Fri, Mon, Tue = 3 days
    ]
    with pytest.MonkeyPatch.context() as mp:
        for i, moment in enumerate(moments):
            mp.setattr(timezone, "now", lambda m=moment: m)
            if i % 2 == 0:
                svc.complaint_postpone(actor=admin, complaint=complaint, reason=f"{REASON} {i}")
            else:
                svc.complaint_reporter_reply(tenant=world.tenant, complaint=complaint, text="x")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.paused_days) == (State.NEW, 4)
    assert complaint.first_response_due == dt.date(2026, 11, 11)
    assert complaint.postpone_reason == f"{REASON} 2"


def test_reply_the_same_day_pauses_nothing(world: World) -> None:
    complaint = make_complaint(world, first_response_due=dt.date(2026, 11, 5))
    moment = dt.datetime(2026, 11, 3, 10, tzinfo=WIT)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: moment)
        svc.complaint_postpone(
            actor=actor_for_user(world.admin_user), complaint=complaint, reason=REASON
        )
        svc.complaint_reporter_reply(tenant=world.tenant, complaint=complaint, text="x")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.paused_days) == (State.NEW, 0)
    assert complaint.first_response_due == dt.date(2026, 11, 5)


def test_paused_working_days_skips_weekends(world: World) -> None:
    friday = dt.date(2026, 11, 6)
    assert paused_working_days(world.tenant, friday, friday) == 0
    assert paused_working_days(world.tenant, friday, dt.date(2026, 11, 8)) == 0  # Sat, Sun
    assert paused_working_days(world.tenant, friday, dt.date(2026, 11, 9)) == 1
    assert paused_working_days(world.tenant, friday, dt.date(2026, 11, 20)) == 10


def test_ticket_page_of_a_postponed_report_hides_the_stopped_deadlines(world: World) -> None:
    complaint = make_complaint(
        world,
        state=State.POSTPONED,
        postpone_reason=REASON,
        first_response_due=dt.date(2026, 11, 26),
    )
    html = Client().get(ticket(complaint)).content.decode()
    assert "2026-11-26" not in html
    assert "berhenti sementara" in html
    assert "Lengkapi keterangan" in html
