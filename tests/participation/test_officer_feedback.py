"""A substantiated complaint or a compliment reaches the officer's supervisor, anonymised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.participation.models import Complaint, OfficerFeedback
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint, post, url

State = Complaint.State
SUMMARY = "Petugas meminta biaya tambahan di luar tarif resmi; sudah dibina."


def record(world: World, complaint: Complaint, who: str = "admin_user", **data: str) -> int:
    values = {"nip": world.employee.nip, "summary": SUMMARY, **data}
    return post(world, getattr(world, who), "complaint-feedback", complaint, values)


def test_substantiated_complaint_reaches_the_supervisor_without_identity(world: World) -> None:
    complaint = make_complaint(
        world,
        state=State.CLOSED,
        handling_unit=world.opd,
        officer_name="Arnoldus",
        incident_date=dt.date(2026, 10, 5),
    )
    detail = world.client_for(world.admin_user).get(url("complaint", complaint))
    assert reverse("participation:complaint-feedback", args=[complaint.pk]) in detail.text
    assert record(world, complaint) == 302
    feedback = OfficerFeedback.objects.get()
    assert (feedback.employee, feedback.kind, feedback.date) == (
        world.employee,
        "complaint",
        dt.date(2026, 10, 5),
    )
    log = AuditLog.objects.get(action="participation.officer_feedback.record")
    assert log.data == {
        "complaint": complaint.pk,
        "employee": world.employee.pk,
        "kind": "complaint",
    }
    # The supervisor sees it on the evaluation page; no reporter data there.
    page = world.client_for(world.supervisor_user).get(
        reverse("appraisal:evaluate", args=[world.employee.pk])
    )
    assert page.status_code == 200
    assert SUMMARY in page.text and "Pengaduan terbukti" in page.text
    assert "Yakobus" not in page.text and "yakobus@example.org" not in page.text
    assert complaint.description not in page.text
    # Recorded once only.
    assert record(world, complaint) == 302
    assert OfficerFeedback.objects.count() == 1


def test_compliment_counts_once_verified(world: World) -> None:
    compliment = make_complaint(world, category="apresiasi")
    assert record(world, compliment) == 302  # still new: refused
    assert not OfficerFeedback.objects.exists()
    post(world, world.admin_user, "complaint-verify", compliment, {})
    assert record(world, compliment) == 302
    assert OfficerFeedback.objects.get().kind == "compliment"


@pytest.mark.parametrize(
    ("category", "state"),
    [("pengaduan", "verified"), ("pengaduan", "archived"), ("aspirasi", "closed")],
)
def test_not_recordable(world: World, category: str, state: str) -> None:
    complaint = make_complaint(world, category=category, state=state)
    assert record(world, complaint) == 302
    assert not OfficerFeedback.objects.exists()


def test_only_verifying_staff_record_and_only_in_their_tenant(world: World) -> None:
    complaint = make_complaint(world, state=State.IN_PROGRESS, handling_unit=world.opd)
    assert record(world, complaint, "head_user") == 403
    assert record(world, complaint, "auditor_user") == 403
    assert record(world, complaint, "other_admin_user") == 404
    assert record(world, complaint, nip=world.foreigner.nip) == 302  # other tenant's NIP
    assert not OfficerFeedback.objects.exists()
    get = world.client_for(world.admin_user).get(
        reverse("participation:complaint-feedback", args=[complaint.pk])
    )
    assert get.status_code == 405


def test_other_evaluators_do_not_see_the_entries(world: World) -> None:
    complaint = make_complaint(world, state=State.CLOSED, handling_unit=world.opd)
    record(world, complaint, nip=world.supervisor.nip)
    # The supervisor's own evaluation page (by the OPD head) shows it; not the subject's.
    from django.template import Context, Template
    from django.test import RequestFactory

    from pamong.core.actor import actor_for_user

    template = Template("{% load participation_tags %}{% citizen_feedback who %}")
    for user, expected in (
        (world.head_user, True),
        (world.employee_user, False),
        (world.supervisor_user, False),
    ):
        request = RequestFactory().get("/")
        request.actor = actor_for_user(user)  # type: ignore[attr-defined]
        html = template.render(Context({"request": request, "who": world.supervisor}))
        assert (SUMMARY in html) is expected, user
