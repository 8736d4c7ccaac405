"""The annual rating due: reminders per unrated subordinate, in the app and by e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.appraisal import services as svc
from pamong.appraisal.digest import collect, reminders, send_reminder_digests
from pamong.appraisal.reminders import (
    annual_rating_deadline,
    annual_reminder_year,
    reminders_for,
)
from pamong.core.actor import system_actor
from pamong.org.models import Employee
from pamong.performance.models import Rating
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "https://pamong.sofifi.test"


def _year(world: World) -> int:
    """Last year: its annual rating is open whatever the real date is."""
    return svc.tenant_today(act(world.supervisor_user)).year - 1


def _annual(texts: list[str], year: int) -> list[str]:
    return [t for t in texts if t.startswith(f"Penilaian tahunan {year} ")]


def _texts(world: World, user: object, today: dt.date) -> list[str]:
    return [r.text for r in reminders_for(act(user), today=today)]  # type: ignore[arg-type]


def _rate(world: World, employee: Employee, year: int) -> None:
    svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=employee,
        period=str(year),
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )


def test_deadline_and_window() -> None:
    assert annual_rating_deadline(2025) == dt.date(2026, 1, 31)
    with override_settings(PAMONG_ANNUAL_RATING_DEADLINE=(2, 15)):
        assert annual_rating_deadline(2025) == dt.date(2026, 2, 15)
        assert annual_reminder_year(dt.date(2026, 3, 17)) == 2025
        assert annual_reminder_year(dt.date(2026, 3, 18)) is None
    # Open from December (the annual rating can be given from then on) ...
    assert annual_reminder_year(dt.date(2025, 11, 30)) is None
    assert annual_reminder_year(dt.date(2025, 12, 1)) == 2025
    assert annual_reminder_year(dt.date(2026, 1, 31)) == 2025
    # ... and reminded, overdue, for 30 days after the deadline.
    assert annual_reminder_year(dt.date(2026, 3, 2)) == 2025
    assert annual_reminder_year(dt.date(2026, 3, 3)) is None


def test_penilai_sees_each_unrated_subordinate_until_rated(world: World) -> None:
    year = _year(world)
    january = dt.date(year + 1, 1, 10)
    texts = _annual(_texts(world, world.supervisor_user, january), year)
    assert texts == [
        f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan.",
        f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan.",
    ]
    (first,) = [
        r
        for r in reminders_for(act(world.supervisor_user), today=january)
        if "Arnoldus" in r.text and "tahunan" in r.text
    ]
    assert first.due == dt.date(year + 1, 1, 31) and not first.overdue
    assert first.url == reverse("appraisal:evaluate", args=[world.employee.pk]) + f"?period={year}"
    # The head rates the supervisor; the employees have nobody to rate.
    head = _annual(_texts(world, world.head_user, january), year)
    assert head == [f"Penilaian tahunan {year} untuk Maria Bria belum diberikan."]
    assert _annual(_texts(world, world.employee_user, january), year) == []

    _rate(world, world.employee, year)
    texts = _annual(_texts(world, world.supervisor_user, january), year)
    assert texts == [f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan."]
    # A monthly rating is not the annual one.
    svc.evaluation_rate(
        actor=act(world.supervisor_user),
        employee=world.peer,
        period=f"{year}-12",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    assert len(_annual(_texts(world, world.supervisor_user, january), year)) == 1
    _rate(world, world.peer, year)
    assert _annual(_texts(world, world.supervisor_user, january), year) == []


def test_reminded_from_december_overdue_after_the_deadline_then_dropped(world: World) -> None:
    year = _year(world)
    sup = world.supervisor_user
    assert _annual(_texts(world, sup, dt.date(year, 11, 30)), year) == []
    december = reminders_for(act(sup), today=dt.date(year, 12, 1))
    assert [r.overdue for r in december if "tahunan" in r.text] == [False, False]
    february = reminders_for(act(sup), today=dt.date(year + 1, 2, 10))
    late = [r for r in february if "tahunan" in r.text]
    assert len(late) == 2 and all(r.overdue for r in late)
    # Overdue first in the list.
    assert [r.overdue for r in february] == sorted((r.overdue for r in february), reverse=True)
    assert _annual(_texts(world, sup, dt.date(year + 1, 3, 10)), year) == []


def test_an_imported_annual_rating_counts_as_given(world: World) -> None:
    year = _year(world)
    Rating.objects.create(
        tenant=world.tenant,
        employee=world.peer,
        period=str(year),
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat="baik",
        source=Rating.Source.IMPORT,
        finalized=True,
    )
    texts = _annual(_texts(world, world.supervisor_user, dt.date(year + 1, 1, 5)), year)
    assert texts == [f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan."]


def test_an_employee_who_has_left_is_not_reminded(world: World) -> None:
    from pamong.org.models import EmployeeStatus

    year = _year(world)
    world.employee.status = next(s for s in EmployeeStatus if s != EmployeeStatus.AKTIF)
    world.employee.save()
    texts = _annual(_texts(world, world.supervisor_user, dt.date(year + 1, 1, 5)), year)
    assert texts == [f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan."]


def test_the_plt_of_december_is_reminded_instead_of_the_supervisor(world: World) -> None:
    year = _year(world)
    svc.acting_assign(
        actor=act(world.admin_user),
        employee=world.peer,
        penilai=world.head,
        period_from=f"{year}-10",
        period_to=f"{year}-12",
    )
    # A Plt. of another month changes nothing for the annual rating.
    svc.acting_assign(
        actor=act(world.admin_user),
        employee=world.employee,
        penilai=world.head,
        period_from=f"{year}-03",
        period_to=f"{year}-04",
    )
    today = dt.date(year + 1, 1, 5)
    sup = _annual(_texts(world, world.supervisor_user, today), year)
    assert sup == [f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan."]
    head = _annual(_texts(world, world.head_user, today), year)
    assert head == [
        f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan.",
        f"Penilaian tahunan {year} untuk Maria Bria belum diberikan.",
    ]
    found = collect(world.tenant, [world.head.pk, world.supervisor.pk], today)
    in_mail = [r.text for r in reminders(found[world.head.pk], today)]
    assert _annual(in_mail, year) == head


def test_in_app_queries_do_not_grow_with_the_team(world: World) -> None:
    year = _year(world)
    actor = act(world.supervisor_user)
    january, march = dt.date(year + 1, 1, 10), dt.date(year + 1, 3, 10)
    with CaptureQueriesContext(connection) as outside:
        reminders_for(actor, today=march)
    with CaptureQueriesContext(connection) as small:
        reminders_for(actor, today=january)
    for _i in range(25):
        EmployeeFactory(tenant=world.tenant, unit=world.bidang, supervisor=world.supervisor)
    actor = act(world.supervisor_user)
    with CaptureQueriesContext(connection) as big:
        listed = _annual([r.text for r in reminders_for(actor, today=january)], year)
    assert len(big.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) == len(outside.captured_queries) + 1
    assert len(listed) == 20  # capped like the other lists


def test_the_skp_page_shows_the_annual_reminder(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = _year(world)
    monkeypatch.setattr(svc, "tenant_today", lambda actor: dt.date(year + 1, 1, 20))
    client = world.client_for(world.supervisor_user)
    page = client.get(reverse("appraisal:index")).text
    assert f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan." in page
    _rate(world, world.employee, year)
    page = client.get(reverse("appraisal:index")).text
    assert f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan." not in page
    assert f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan." in page
    mine = world.client_for(world.employee_user).get(reverse("appraisal:index")).text
    assert "Penilaian tahunan" not in mine or "belum diberikan" not in mine


# --- E-mail digest -----------------------------------------------------------------------


@pytest.fixture
def _locmem_mail() -> object:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", PAMONG_BASE_URL=BASE
    ):
        yield


@pytest.mark.usefixtures("_locmem_mail")
def test_the_digest_lists_each_unrated_subordinate(world: World) -> None:
    year = _year(world)
    for employee, address in ((world.supervisor, "maria@sofifi.test"),
                              (world.employee, "arnoldus@sofifi.test"),
                              (world.foreigner, "orang@kupang.test")):  # fmt: skip
        employee.email = address
        employee.save(update_fields=["email"])
    user_of(world.foreigner)
    today = dt.date(year + 1, 1, 10)
    send_reminder_digests(actor=system_actor(world.tenant), today=today)
    by_address = {m.to[0]: m for m in mail.outbox}
    body = by_address["maria@sofifi.test"].body
    assert f"Penilaian tahunan {year} untuk Arnoldus Seran belum diberikan." in body
    assert f"Penilaian tahunan {year} untuk Fransiska Lete belum diberikan." in body
    assert f"(batas {year + 1}-01-31)" in body
    url = reverse("appraisal:evaluate", args=[world.employee.pk])
    assert f"{BASE}{url}?period={year}" in body
    ((html, _mimetype),) = by_address["maria@sofifi.test"].alternatives
    assert f"{BASE}{url}?period={year}" in str(html)
    assert "Penilaian tahunan" not in by_address["arnoldus@sofifi.test"].body
    assert "orang@kupang.test" not in by_address

    # The next day, after the rating: the employee is gone from the list.
    _rate(world, world.employee, year)
    mail.outbox.clear()
    send_reminder_digests(actor=system_actor(world.tenant), today=today + dt.timedelta(days=1))
    body = {m.to[0]: m for m in mail.outbox}["maria@sofifi.test"].body
    assert "untuk Arnoldus Seran" not in body and "untuk Fransiska Lete" in body

    # Another tenant's run never sees this tenant's subordinates, even given their ids.
    foreign = collect(world.other_tenant, [world.supervisor.pk], today)
    assert not any("tahunan" in r.text for r in reminders(foreign[world.supervisor.pk], today))


@pytest.mark.usefixtures("_locmem_mail")
def test_digest_same_texts_as_the_page_and_queries_do_not_grow(world: World) -> None:
    year = _year(world)
    today = dt.date(year + 1, 1, 10)
    user_of(world.peer)
    people = [world.head, world.supervisor, world.employee, world.peer]
    found = collect(world.tenant, [e.pk for e in people], today)
    for employee in people:
        in_app = [(r.text, r.url, r.due) for r in reminders_for(act(employee.user), today=today)]
        emailed = [(r.text, r.url, r.due) for r in reminders(found.get(employee.pk, []), today)]
        assert emailed == in_app, employee.name

    def add_staff(n: int) -> None:
        for _i in range(n):
            e: Employee = EmployeeFactory(
                tenant=world.tenant,
                unit=world.bidang,
                position=world.employee.position,
                supervisor=world.supervisor,
                email=f"staff{Employee.objects.count()}@sofifi.test",
            )
            UserFactory(username=e.nip, tenant=world.tenant, employee=e)

    add_staff(2)
    with CaptureQueriesContext(connection) as small:
        first = send_reminder_digests(actor=system_actor(world.tenant), today=today)
    add_staff(20)
    with CaptureQueriesContext(connection) as big:
        second = send_reminder_digests(
            actor=system_actor(world.tenant), today=today + dt.timedelta(days=1)
        )
    assert second.sent == first.sent + 20
    assert len(big.captured_queries) == len(small.captured_queries)


@pytest.mark.usefixtures("_locmem_mail")
def test_the_annual_reminder_in_english(world: World) -> None:
    year = _year(world)
    world.supervisor.email = "maria@sofifi.test"
    world.supervisor.save(update_fields=["email"])
    world.supervisor_user.preferred_language = "en"
    world.supervisor_user.save(update_fields=["preferred_language"])
    send_reminder_digests(actor=system_actor(world.tenant), today=dt.date(year + 1, 2, 5))
    (message,) = mail.outbox
    assert f"Annual rating {year} for Arnoldus Seran not given yet." in message.body
    assert "belum diberikan" not in message.body
