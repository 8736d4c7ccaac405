"""Coaching and mentoring pages: list, start, sessions through htmx, close; 403/404 cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pamong.competence.models import JpTotal
from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.performance import pembinaan as pb
from pamong.performance.models import CoachingPlan, CoachingSession
from tests.conftest import Clock, World
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}
SESSION = {"held_on": "2026-06-02", "minutes": "90", "notes": "Membahas telaah staf"}


@pytest.fixture
def w(world: World, clock: Clock) -> World:
    clock.set(2026, 6, 15)
    world.outsider_user = UserFactory(  # type: ignore[attr-defined]
        username=world.outsider.nip, tenant=world.tenant, employee=world.outsider
    )
    return world


def _plan(w: World, **kw: object) -> CoachingPlan:
    data: dict[str, object] = {
        "employee": w.employee,
        "kind": "mentoring",
        "goals": "Menguasai analisis jabatan",
        "actions": "Dua sesi per bulan",
        "follow_up_date": dt.date(2026, 9, 1),
        "mentor": w.outsider,
    }
    return pb.plan_start(actor=actor_for_user(w.supervisor_user), **(data | kw))  # type: ignore[arg-type]


def test_start_page(w: World) -> None:
    client = w.client_for(w.supervisor_user)
    url = reverse("performance:pembinaan-start")
    assert client.get(url, {"nip": w.employee.nip}).status_code == 200
    data = {
        "nip": w.employee.nip, "kind": "coaching", "mentor_nip": w.outsider.nip,
        "goals": "Telaah staf", "actions": "Sesi mingguan", "follow_up_date": "2026-08-01",
    }  # fmt: skip
    response = client.post(url, data)
    plan = CoachingPlan.objects.get(kind="coaching")
    assert response.status_code == 302 and response.url == reverse(
        "performance:coaching", args=[plan.pk]
    )
    assert (plan.employee, plan.mentor) == (w.employee, w.outsider)
    # Errors show in place, and the same for an unknown NIP, another tenant's NIP and an
    # employee the supervisor does not coach: the form tells no one which NIPs exist.
    not_yours = "Tidak ada pegawai dengan NIP ini yang dapat Anda bina"
    for nip in ("999", w.foreigner.nip, w.outsider.nip):
        page = client.post(url, data | {"nip": nip, "mentor_nip": ""}).content.decode()
        assert not_yours in page, nip
        assert "Hanya atasan langsung" not in page
    # BKPSDM coaches anyone in the tenant, the outsider included.
    admin = w.client_for(w.admin_user)
    assert admin.post(url, data | {"nip": w.outsider.nip, "mentor_nip": ""}).status_code == 302
    CoachingPlan.objects.filter(employee=w.outsider).delete()
    assert CoachingPlan.objects.count() == 1
    # Plain employees and finance do not start pembinaan.
    assert w.client_for(w.employee_user).get(url).status_code == 403
    assert w.client_for(w.finance_user).get(url).status_code == 403


def test_plan_page_sessions_and_close(w: World) -> None:
    plan = _plan(w)
    mentor = w.client_for(w.outsider_user)  # type: ignore[attr-defined]
    page = mentor.get(reverse("performance:coaching", args=[plan.pk])).content.decode()
    assert "mentoring" in page and "Catat sesi" in page and "Tutup pembinaan" in page
    add = reverse("performance:session-add", args=[plan.pk])
    fragment = mentor.post(add, SESSION, headers=HX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "Sesi pembinaan dicatat" in html
    assert "<html" not in html and "Membahas telaah staf" in html
    session = CoachingSession.objects.get(plan=plan)
    assert JpTotal.objects.get(employee=w.employee, year=2026).jp == 2
    bad = mentor.post(add, SESSION | {"held_on": "2026-07-01"}, headers=HX).content.decode()
    assert "masa depan" in bad and CoachingSession.objects.count() == 1
    # The employee reads the plan and its sessions but records nothing.
    own = w.client_for(w.employee_user)
    page = own.get(reverse("performance:coaching", args=[plan.pk])).content.decode()
    assert "Membahas telaah staf" in page and "Catat sesi" not in page
    assert own.post(add, SESSION).status_code == 403
    delete = reverse("performance:session-delete", args=[session.pk])
    assert own.post(delete).status_code == 403
    html = mentor.post(delete, headers=HX).content.decode()
    assert "Sesi pembinaan dihapus" in html and not CoachingSession.objects.exists()
    assert JpTotal.objects.get(employee=w.employee, year=2026).jp == 0
    close = reverse("performance:pembinaan-close", args=[plan.pk])
    assert own.post(close, {"outcome": "x"}).status_code == 403
    mentor.post(close, {"outcome": ""})
    plan.refresh_from_db()
    assert plan.status == "open"
    response = mentor.post(close, {"outcome": "Analisis jabatan dikuasai"}, follow=True)
    plan.refresh_from_db()
    assert plan.status == "closed" and "Pembinaan ditutup" in response.content.decode()


def test_session_edit_page(w: World, clock: Clock) -> None:
    plan = _plan(w)
    session = pb.session_record(
        actor=actor_for_user(w.supervisor_user), plan=plan, held_on=dt.date(2026, 6, 1),
        minutes=90, notes="Sesi pertama",
    )  # fmt: skip
    assert JpTotal.objects.get(employee=w.employee, year=2026).jp == 2
    url = reverse("performance:session-edit", args=[session.pk])
    mentor = w.client_for(w.outsider_user)  # type: ignore[attr-defined]
    detail = mentor.get(reverse("performance:coaching", args=[plan.pk])).content.decode()
    assert f'href="{url}"' in detail
    form = mentor.get(url).content.decode()
    assert 'value="2026-06-01"' in form and "Sesi pertama" in form
    # A wrong value is shown in place and nothing changes.
    bad = mentor.post(url, SESSION | {"held_on": "2026-07-01"}).content.decode()
    assert "masa depan" in bad
    session.refresh_from_db()
    assert session.minutes == 90
    # Never before the plan's year (2026): it would add JP to a year already reported.
    early = mentor.post(url, SESSION | {"held_on": "2025-12-20"}).content.decode()
    assert "sebelum tahun pembinaan" in early
    # In January, moved into the new year with 180 minutes: the session's JP (2 a session
    # by default) leave 2026 for 2027, and the audit entry holds before and after.
    clock.set(2027, 1, 10)
    mentor = w.client_for(w.outsider_user)  # type: ignore[attr-defined]  # a fresh sign-in
    corrected = SESSION | {"held_on": "2027-01-05", "minutes": "180", "notes": "Diperbaiki"}
    response = mentor.post(url, corrected, follow=True)
    assert "Sesi pembinaan diperbarui" in response.content.decode()
    session.refresh_from_db()
    assert (session.held_on, session.minutes, session.notes) == (
        dt.date(2027, 1, 5),
        180,
        "Diperbaiki",
    )
    jp = dict(JpTotal.objects.filter(employee=w.employee).values_list("year", "jp"))
    assert jp.get(2026, 0) == 0 and jp[2027] == 2
    entry = AuditLog.objects.get(action="performance.coaching.session_updated")
    assert entry.before["minutes"] == 90 and entry.after["minutes"] == 180
    # The employee and the auditor read the plan but get no edit link and no edit page.
    own = w.client_for(w.employee_user)
    assert (
        f'href="{url}"'
        not in own.get(reverse("performance:coaching", args=[plan.pk])).content.decode()
    )
    for user in (w.employee_user, w.auditor_user, w.finance_user):
        assert w.client_for(user).get(url).status_code == 403
        assert w.client_for(user).post(url, SESSION).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    # A closed plan's sessions stay as they were.
    pb.plan_close(actor=actor_for_user(w.supervisor_user), plan=plan, outcome="Selesai")
    closed = mentor.post(url, SESSION, follow=True).content.decode()
    assert "Pembinaan yang sudah selesai tidak dapat diubah" in closed
    assert 'href="' + url not in closed
    session.refresh_from_db()
    assert session.minutes == 180


def test_other_tenant_and_outsiders(w: World) -> None:
    plan = _plan(w)
    session = pb.session_record(
        actor=actor_for_user(w.supervisor_user), plan=plan, held_on=dt.date(2026, 6, 1),
        minutes=60, notes="n",
    )  # fmt: skip
    other = w.client_for(w.other_admin_user)
    for name, pk in (
        ("performance:coaching", plan.pk),
        ("performance:session-add", plan.pk),
        ("performance:pembinaan-close", plan.pk),
        ("performance:session-delete", session.pk),
        ("performance:session-edit", session.pk),
    ):
        url = reverse(name, args=[pk])
        assert other.post(url, SESSION).status_code == 404, name
        assert w.client_for(w.finance_user).post(url, SESSION).status_code == 403, name
    # The auditor reads, never writes.
    auditor = w.client_for(w.auditor_user)
    assert auditor.get(reverse("performance:coaching", args=[plan.pk])).status_code == 200
    assert (
        auditor.post(reverse("performance:session-add", args=[plan.pk]), SESSION).status_code == 403
    )


def test_list_page_queries_do_not_grow(w: World, django_assert_max_num_queries: object) -> None:
    for _i in range(3):
        _plan(w)
    client = w.client_for(w.outsider_user)  # type: ignore[attr-defined]
    url = reverse("performance:pembinaan")
    client.get(url)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        small = client.get(url)
    for _i in range(12):
        _plan(w, employee=EmployeeFactory(tenant=w.tenant, unit=w.bidang, supervisor=w.supervisor))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        big = client.get(url)
    assert small.content.decode().count("<tr>") == 4  # header + 3
    assert big.content.decode().count("<tr>") == 16
    # An employee lists their own plans only; another mentor's list stays empty.
    own = w.client_for(w.employee_user).get(url).content.decode()
    assert own.count("<tr>") == 4
    peer = UserFactory(username=w.peer.nip, tenant=w.tenant, employee=w.peer)
    assert w.client_for(peer).get(url).content.decode().count("<tr>") == 0
    assert "Tidak ada" in w.client_for(peer).get(url).content.decode()
    assert (
        w.client_for(w.supervisor_user)
        .get(url, {"kind": "coaching"})
        .content.decode()
        .count("<tr>")
        == 0
    )


def test_english_catalogue_has_the_new_words() -> None:
    from django.utils import translation

    from pamong.core.labels import label

    with translation.override("en"):
        assert translation.gettext("Catat sesi") == "Record a session"
        assert translation.gettext("Sesi pembinaan dicatat.") == "Session recorded."
        assert label("mentoring", "performance.CoachingPlan.kind") == "mentoring"
        assert label("pembinaan", "competence.JpEntry.source") == "coaching/mentoring"
        assert label("tindak_lanjut", "performance.CoachingPlan.kind") == "performance follow-up"


def test_home_todo_for_quiet_plans(w: World, clock: Clock) -> None:
    from pamong.core.todo import collect

    def item(user: object) -> tuple[int, int] | None:
        home = collect(actor_for_user(user), clock_today)  # type: ignore[arg-type]
        found = [(t.count, t.overdue) for t in home.todos if t.key == "performance.pembinaan"]
        return found[0] if found else None

    clock_today = dt.date(2026, 6, 15)
    mentored = _plan(w)
    _plan(w, mentor=None, follow_up_date=dt.date(2026, 6, 20))  # the supervisor runs it
    assert item(w.outsider_user) == (1, 0)  # type: ignore[attr-defined]
    assert item(w.supervisor_user) == (1, 0)
    assert item(w.employee_user) is None and item(w.other_admin_user) is None
    pb.session_record(
        actor=actor_for_user(w.outsider_user), plan=mentored, held_on=dt.date(2026, 6, 1),  # type: ignore[attr-defined]
        minutes=60, notes="n",
    )  # fmt: skip
    assert item(w.outsider_user) is None  # a session in the last 30 days
    clock.set(2026, 7, 2)
    clock_today = dt.date(2026, 7, 2)
    assert item(w.outsider_user) == (1, 0)  # quiet again
    assert item(w.supervisor_user) == (1, 1)  # past its follow-up date


def test_opd_limited_reader_opens_what_the_list_shows(w: World) -> None:
    """An auditor limited to one OPD lists that OPD's plans and opens them; a plan in
    another OPD is neither listed nor opened."""
    from tests.factories import grant

    ours = _plan(w)  # the employee is in w.opd
    theirs = pb.plan_start(  # the outsider's OPD, started by BKPSDM
        actor=actor_for_user(w.admin_user), employee=w.outsider, kind="coaching",
        goals="g", actions="a", follow_up_date=dt.date(2026, 9, 1),
    )  # fmt: skip
    reader = UserFactory(username="inspektur.opd", tenant=w.tenant)
    grant(reader, "auditor", unit=w.opd)
    client = w.client_for(reader)
    listed = client.get(reverse("performance:pembinaan"), {"status": ""}).content.decode()
    assert reverse("performance:coaching", args=[ours.pk]) in listed
    assert reverse("performance:coaching", args=[theirs.pk]) not in listed
    assert client.get(reverse("performance:coaching", args=[ours.pk])).status_code == 200
    assert client.get(reverse("performance:coaching", args=[theirs.pk])).status_code == 403
    # Reading is not running: no session is recorded through the limited grant.
    add = reverse("performance:session-add", args=[ours.pk])
    assert client.post(add, SESSION).status_code == 403
