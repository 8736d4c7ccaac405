"""Handling reports: every transition with allowed and forbidden actors, isolation, anonymity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.core.models import AuditLog, Role, User
from pamong.participation.models import Complaint
from tests.conftest import World
from tests.factories import UserFactory, grant

State = Complaint.State


def make_complaint(world: World, **extra: object) -> Complaint:
    values: dict[str, object] = {
        "tenant": world.tenant,
        "code": f"kode-{Complaint.objects.count()}-abcdefghijklmnop",
        "category": "pengaduan",
        "unit": world.opd,
        "description": "Antrean tidak tertib dan petugas tidak ada di loket.",
        "identity": "named",
        "reporter_name": "Yakobus Nahak",
        "reporter_email": "yakobus@example.org",
        "submitted_at": timezone.now(),
        "first_response_due": dt.date(2026, 11, 26),
    }
    values.update(extra)
    return Complaint.objects.create(**values)


def url(name: str, complaint: Complaint) -> str:
    return reverse(f"participation:{name}", args=[complaint.pk])


# Closing and archiving cannot be undone: their forms send the "Saya yakin" confirmation.
CONFIRMED = {"complaint-close", "complaint-archive"}


def post(world: World, user: User, name: str, complaint: Complaint, data: dict[str, str]) -> int:
    if name in CONFIRMED:
        data = {**data, "confirmed": "1"}
    return world.client_for(user).post(url(name, complaint), data).status_code


@pytest.fixture
def other_head(world: World) -> User:
    """Head (by grant) of the other OPD of the same tenant."""
    user = UserFactory(username="kadis.kesehatan", tenant=world.tenant)
    grant(user, Role.OPD_HEAD, unit=world.outsider.opd)
    return user


def test_full_lifecycle_reaches_the_reporter(world: World) -> None:
    complaint = make_complaint(world)
    admin, head = world.admin_user, world.head_user
    assert post(world, admin, "complaint-verify", complaint, {"note": "valid"}) == 302
    assert post(world, admin, "complaint-dispatch", complaint, {"unit": world.opd.pk}) == 302
    assert (
        post(world, head, "complaint-respond", complaint, {"text": "Sedang kami periksa."}) == 302
    )
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
    assert complaint.first_response_at is not None
    assert post(world, admin, "complaint-close", complaint, {"text": "Petugas ditegur."}) == 302
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED
    page = Client().get(reverse("participation:ticket", args=["sofifi", complaint.code]))
    html = page.content.decode()
    assert "Selesai" in html
    assert "Petugas ditegur." in html
    assert "Sedang kami periksa." in html
    actions = set(
        AuditLog.objects.filter(object_id=str(complaint.pk)).values_list("action", flat=True)
    )
    assert actions == {
        "participation.complaint.verify",
        "participation.complaint.dispatch",
        "participation.complaint.respond",
        "participation.complaint.close",
    }


@pytest.mark.parametrize("who", ["auditor_user", "employee_user", "finance_user", "head_user"])
def test_verify_is_for_staff_only(world: World, who: str) -> None:
    complaint = make_complaint(world)
    assert post(world, getattr(world, who), "complaint-verify", complaint, {}) == 403
    complaint.refresh_from_db()
    assert complaint.state == State.NEW


@pytest.mark.parametrize("who", ["auditor_user", "head_user", "employee_user"])
def test_dispatch_is_for_staff_only(world: World, who: str) -> None:
    complaint = make_complaint(world, state=State.VERIFIED)
    data = {"unit": str(world.opd.pk)}
    assert post(world, getattr(world, who), "complaint-dispatch", complaint, data) == 403
    complaint.refresh_from_db()
    assert complaint.state == State.VERIFIED
    assert complaint.handling_unit is None


def test_dispatch_to_other_tenants_unit_is_refused(world: World) -> None:
    complaint = make_complaint(world, state=State.VERIFIED)
    post(world, world.admin_user, "complaint-dispatch", complaint, {"unit": world.other_opd.pk})
    complaint.refresh_from_db()
    assert complaint.state == State.VERIFIED


def test_respond_only_by_the_handling_units_head_or_staff(world: World, other_head: User) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    data = {"text": "Tanggapan"}
    assert post(world, other_head, "complaint-respond", complaint, data) == 403
    assert post(world, world.auditor_user, "complaint-respond", complaint, data) == 403
    assert post(world, world.supervisor_user, "complaint-respond", complaint, data) == 403
    complaint.refresh_from_db()
    assert complaint.state == State.DISPATCHED
    assert post(world, world.admin_user, "complaint-respond", complaint, data) == 302
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS


def test_close_is_for_staff_only(world: World) -> None:
    complaint = make_complaint(world, state=State.IN_PROGRESS, handling_unit=world.opd)
    for user in (world.head_user, world.auditor_user):
        assert post(world, user, "complaint-close", complaint, {"text": "selesai"}) == 403
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS


def test_archive_new_report(world: World) -> None:
    complaint = make_complaint(world)
    assert post(world, world.auditor_user, "complaint-archive", complaint, {"note": "x"}) == 403
    assert post(world, world.admin_user, "complaint-archive", complaint, {"note": "spam"}) == 302
    complaint.refresh_from_db()
    assert complaint.state == State.ARCHIVED
    page = Client().get(reverse("participation:ticket", args=["sofifi", complaint.code]))
    assert "Diarsipkan" in page.content.decode()


@pytest.mark.parametrize(
    ("state", "action", "data"),
    [
        (State.NEW, "complaint-dispatch", {"unit": "UNIT"}),
        (State.NEW, "complaint-close", {"text": "x"}),
        (State.NEW, "complaint-respond", {"text": "x"}),
        (State.VERIFIED, "complaint-verify", {}),
        (State.VERIFIED, "complaint-close", {"text": "x"}),
        (State.DISPATCHED, "complaint-archive", {"note": "x"}),
        (State.CLOSED, "complaint-respond", {"text": "x"}),
        (State.CLOSED, "complaint-close", {"text": "x"}),
        (State.ARCHIVED, "complaint-dispatch", {"unit": "UNIT"}),
    ],
)
def test_actions_in_the_wrong_state_change_nothing(
    world: World, state: str, action: str, data: dict[str, str]
) -> None:
    complaint = make_complaint(world, state=state, handling_unit=world.opd)
    data = {k: str(world.opd.pk) if v == "UNIT" else v for k, v in data.items()}
    data |= {"confirmed": "1"} if action in CONFIRMED else {}
    client = world.client_for(world.admin_user)
    response = client.post(url(action, complaint), data, follow=True)
    assert response.status_code == 200
    assert "tidak bisa dilakukan" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == state


def test_redispatch_forwards_to_another_unit(world: World, other_head: User) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    other_opd = world.outsider.opd
    assert post(world, world.admin_user, "complaint-dispatch", complaint, {"unit": other_opd.pk})
    complaint.refresh_from_db()
    assert complaint.handling_unit == other_opd
    assert world.client_for(world.head_user).get(url("complaint", complaint)).status_code == 403
    assert world.client_for(other_head).get(url("complaint", complaint)).status_code == 200


def test_unit_head_sees_only_reports_dispatched_to_the_opd(
    world: World, other_head: User, django_assert_max_num_queries
) -> None:
    mine = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd, place="Loket A")
    make_complaint(world, state=State.NEW, place="Loket B")
    make_complaint(world, state=State.DISPATCHED, handling_unit=world.outsider.opd, place="Loket C")
    client = world.client_for(world.head_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("participation:complaints"))
    assert page.status_code == 200
    assert [c.pk for c, _overdue in page.context["rows"]] == [mine.pk]
    admin_page = world.client_for(world.admin_user).get(reverse("participation:complaints"))
    assert len(admin_page.context["rows"]) == 3
    assert world.client_for(world.head_user).get(url("complaint", mine)).status_code == 200


def test_list_query_count_does_not_grow(world: World, django_assert_max_num_queries) -> None:
    for _ in range(30):
        make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("participation:complaints"))
    assert len(response.context["rows"]) == 30


def test_list_and_detail_permissions(world: World) -> None:
    complaint = make_complaint(world)
    listing = reverse("participation:complaints")
    assert Client().get(listing).status_code == 302
    assert world.client_for(world.employee_user).get(listing).status_code == 403
    assert world.client_for(world.employee_user).get(url("complaint", complaint)).status_code == 403
    assert world.client_for(world.auditor_user).get(listing).status_code == 200
    assert world.client_for(world.admin_user).post(listing).status_code == 405
    assert (
        world.client_for(world.admin_user).get(url("complaint-verify", complaint)).status_code
        == 405
    )
    # Not yet dispatched: the OPD head cannot see it.
    assert world.client_for(world.head_user).get(url("complaint", complaint)).status_code == 403


def test_other_tenant_staff_get_404(world: World) -> None:
    complaint = make_complaint(world)
    client = world.client_for(world.other_admin_user)
    assert client.get(url("complaint", complaint)).status_code == 404
    assert client.post(url("complaint-verify", complaint), {}).status_code == 404
    assert client.post(url("complaint-archive", complaint), {"note": "x"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.state == State.NEW
    listing = client.get(reverse("participation:complaints"))
    assert listing.context["rows"] == []


@pytest.mark.parametrize("identity", ["anonymous", "confidential"])
def test_anonymous_identity_never_reaches_the_handling_unit(world: World, identity: str) -> None:
    # Submitted through the public form with a name typed in anyway.
    Client().post(
        reverse("participation:lapor", args=["sofifi"]),
        {
            "category": "pengaduan",
            "unit": world.opd.pk,
            "description": "Pungutan liar pada pengurusan surat keterangan.",
            "identity": identity,
            "reporter_name": "Rahasia Sekali",
            "reporter_email": "rahasia@example.org",
        },
    )
    complaint = Complaint.objects.get()
    complaint.state = State.DISPATCHED
    complaint.handling_unit = world.opd
    complaint.save()
    for user in (world.head_user, world.admin_user):
        html = world.client_for(user).get(url("complaint", complaint)).content.decode()
        assert "Rahasia Sekali" not in html
        assert "rahasia@example.org" not in html
    assert not AuditLog.objects.filter(data__icontains="Rahasia Sekali").exists()


def test_named_identity_is_shown_to_the_handling_unit(world: World) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    html = world.client_for(world.head_user).get(url("complaint", complaint)).content.decode()
    assert "Yakobus Nahak" in html


def test_overdue_reports_are_marked(world: World) -> None:
    make_complaint(world, first_response_due=dt.date(2020, 1, 1))
    html = world.client_for(world.admin_user).get(reverse("participation:complaints"))
    assert "terlambat" in html.content.decode()


def test_reporter_adds_information_while_the_report_is_open(world: World) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED, handling_unit=world.opd)
    reply = reverse("participation:ticket-reply", args=["sofifi", complaint.code])
    page = Client().get(reverse("participation:ticket", args=["sofifi", complaint.code]))
    assert reply in page.content.decode()
    response = Client().post(reply, {"text": "Kejadian terulang <i>hari ini</i>."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.reporter_reply == "Kejadian terulang <i>hari ini</i>."
    html = world.client_for(world.head_user).get(url("complaint", complaint)).content.decode()
    assert "Kejadian terulang &lt;i&gt;hari ini&lt;/i&gt;." in html
    entry = AuditLog.objects.get(action="participation.complaint.reporter_reply")
    assert "Kejadian" not in str(entry.after) + str(entry.data)


@pytest.mark.parametrize("state", [State.NEW, State.CLOSED, State.ARCHIVED])
def test_reporter_cannot_reply_to_a_report_that_is_not_open(world: World, state: str) -> None:
    complaint = make_complaint(world, state=state)
    ticket = reverse("participation:ticket", args=["sofifi", complaint.code])
    reply = reverse("participation:ticket-reply", args=["sofifi", complaint.code])
    assert reply not in Client().get(ticket).content.decode()
    assert Client().post(reply, {"text": "tambahan"}).status_code == 409
    complaint.refresh_from_db()
    assert complaint.reporter_reply == ""


def test_reply_needs_the_right_tenant_code_and_method(world: World) -> None:
    complaint = make_complaint(world, state=State.DISPATCHED)
    assert (
        Client()
        .post(reverse("participation:ticket-reply", args=["kupang", complaint.code]), {"text": "x"})
        .status_code
        == 404
    )
    reply = reverse("participation:ticket-reply", args=["sofifi", complaint.code])
    assert Client().get(reply).status_code == 405
    assert Client().post(reply, {"text": "x" * 2001}).status_code == 200
    complaint.refresh_from_db()
    assert complaint.reporter_reply == ""


def test_services_enforce_text_limits_without_a_form(world: World) -> None:
    from django.core.exceptions import ValidationError

    from pamong.core.actor import actor_for_user
    from pamong.participation.complaints import complaint_close

    complaint = make_complaint(world, state=State.IN_PROGRESS, handling_unit=world.opd)
    with pytest.raises(ValidationError):
        complaint_close(
            actor=actor_for_user(world.admin_user), complaint=complaint, follow_up="x" * 4001
        )
    complaint.refresh_from_db()
    assert complaint.state == State.IN_PROGRESS
