"""Reminders by e-mail: one digest a day per user, set-based, per tenant."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pamong.appraisal import services as svc
from pamong.appraisal.digest import (
    appraisal_settings_update,
    collect,
    email_reminders_enabled,
    reminders,
    send_reminder_digests,
)
from pamong.appraisal.models import ReminderDigest
from pamong.appraisal.reminders import reminders_for
from pamong.appraisal.tasks import email_appraisal_reminders
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog
from pamong.org.models import Employee
from pamong.performance.models import CoachingPlan
from tests.appraisal.conftest import act, user_of
from tests.conftest import World
from tests.factories import EmployeeFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_locmem_mail"),
]
BASE = "https://pamong.sofifi.test"


@pytest.fixture
def _locmem_mail() -> object:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", PAMONG_BASE_URL=BASE
    ):
        yield


def _mail(world: World) -> None:
    for employee, address in (
        (world.head, "yohanis@sofifi.test"),
        (world.supervisor, "maria@sofifi.test"),
        (world.employee, "arnoldus@sofifi.test"),
        (world.foreigner, "orang@kupang.test"),
    ):
        employee.email = address
        employee.save(update_fields=["email"])


def _today(world: World) -> dt.date:
    return svc.tenant_today(system_actor(world.tenant))


def _send(world: World, today: dt.date | None = None):  # type: ignore[no-untyped-def]
    return send_reminder_digests(actor=system_actor(world.tenant), today=today or _today(world))


def _by_address() -> dict[str, mail.EmailMultiAlternatives]:
    out = {}
    for m in mail.outbox:
        assert isinstance(m, mail.EmailMultiAlternatives)
        (address,) = m.to
        out[address] = m
    return out


def test_who_gets_mail_and_what_it_says(world: World) -> None:
    _mail(world)
    user_of(world.foreigner)  # a user with reminders in the other tenant
    user_of(world.peer)  # a user with reminders but no e-mail address
    today = _today(world)
    result = _send(world)
    got = _by_address()
    assert set(got) == {"yohanis@sofifi.test", "maria@sofifi.test", "arnoldus@sofifi.test"}
    assert result.sent == 3 and result.users == 3 and result.already_sent == 0

    message = got["maria@sofifi.test"]
    assert "tugas menunggu Anda" in message.subject
    assert message.body.startswith("Yth. Maria Bria,")
    assert f"Susun dan ajukan SKP tahun {today.year}." in message.body
    assert "2 bawahan belum dinilai untuk" in message.body
    assert f"{BASE}/skp/" in message.body
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    assert f'<a href="{BASE}/skp/' in str(html)
    assert "Kota Sofifi" in message.body
    # Nothing of the other tenant in any message.
    for m in mail.outbox:
        assert "Kupang" not in m.body and "Orang Kupang" not in m.body

    rows = ReminderDigest.objects.filter(tenant=world.tenant, date=today)
    assert rows.count() == 3
    assert not ReminderDigest.objects.filter(tenant=world.other_tenant).exists()
    entry = AuditLog.objects.get(tenant=world.tenant, action="appraisal.reminders.emailed")
    assert entry.data["sent"] == 3


def test_not_twice_a_day(world: World) -> None:
    _mail(world)
    today = _today(world)
    assert _send(world, today).sent == 3
    mail.outbox.clear()
    again = _send(world, today)
    assert again.sent == 0 and again.already_sent == 3 and mail.outbox == []
    tomorrow = _send(world, today + dt.timedelta(days=1))
    assert tomorrow.sent == 3 and len(mail.outbox) == 3


def test_other_tenant_run_mails_only_its_users(world: World) -> None:
    _mail(world)
    user_of(world.foreigner)
    result = send_reminder_digests(actor=system_actor(world.other_tenant), today=_today(world))
    assert result.sent == 1
    ((message,),) = [mail.outbox]
    assert message.to == ["orang@kupang.test"]
    assert message.body.startswith("Yth. Orang Kupang,")


def test_nothing_to_do_no_mail(world: World) -> None:
    """An employee with an approved SKP and nothing else open gets no digest."""
    _mail(world)
    today = _today(world)
    found = collect(world.tenant, [world.employee.pk], today)
    assert world.employee.pk in found
    from pamong.appraisal.models import Skp

    skp = Skp.objects.create(
        tenant=world.tenant, employee=world.employee, year=today.year, status="approved"
    )
    assert collect(world.tenant, [world.employee.pk], today) == {}
    skp.delete()


def test_user_email_is_the_fallback_and_language_is_the_users(world: World) -> None:
    user = world.employee_user
    user.email = "arnoldus.login@sofifi.test"
    user.preferred_language = "en"
    user.save()
    _send(world)
    (message,) = mail.outbox
    assert message.to == ["arnoldus.login@sofifi.test"]
    assert message.subject.startswith("Performance reminder")
    assert "Dear Arnoldus Seran," in message.body
    assert "Susun dan ajukan" not in message.body


def test_tenant_can_turn_email_off(world: World) -> None:
    _mail(world)
    assert email_reminders_enabled(world.tenant)
    appraisal_settings_update(actor=act(world.admin_user), email_reminders=False)
    assert not email_reminders_enabled(world.tenant)
    assert email_reminders_enabled(world.other_tenant)
    user_of(world.foreigner)
    assert email_appraisal_reminders() == 1  # only Kupang's user
    assert [m.to for m in mail.outbox] == [["orang@kupang.test"]]
    out = StringIO()
    call_command("skp_remind", "--tenant", "sofifi", stdout=out)
    assert "dimatikan" in out.getvalue()
    with pytest.raises(Exception):  # noqa: B017, PT011 (PermissionDenied)
        appraisal_settings_update(actor=act(world.employee_user), email_reminders=True)


def test_command_dry_run_then_send(world: World) -> None:
    _mail(world)
    out = StringIO()
    call_command("skp_remind", "--tenant", "sofifi", "--dry-run", stdout=out)
    assert "akan dikirim: 3" in out.getvalue()
    assert "maria@sofifi.test" in out.getvalue()
    assert mail.outbox == [] and not ReminderDigest.objects.exists()
    out = StringIO()
    call_command("skp_remind", "--tenant", "sofifi", stdout=out)
    assert "terkirim: 3" in out.getvalue()
    out = StringIO()
    call_command("skp_remind", "--tenant", "sofifi", stdout=out)
    assert "terkirim: 0" in out.getvalue() and "sudah dikirim hari ini: 3" in out.getvalue()
    out = StringIO()
    call_command("skp_settings", "--tenant", "sofifi", "--email-reminders", "off", stdout=out)
    assert "pengingat surel: mati" in out.getvalue()


def test_same_texts_as_the_skp_page(world: World) -> None:
    """The bulk collector says what reminders_for says, for every persona."""
    today = _today(world)
    period = f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"
    supervisor = act(world.supervisor_user)
    svc.peer_request(actor=supervisor, employee=world.employee, period=period, peers=[world.peer])
    evaluation = svc.evaluation_rate(
        actor=supervisor,
        employee=world.peer,
        period=period,
        hasil_kerja="di_bawah",
        perilaku_kerja="sesuai",
        reason="Laporan terlambat",
    )
    svc.evaluation_rate(
        actor=supervisor,
        employee=world.employee,
        period=period,
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
    )
    svc.evaluation_finalize(actor=act(world.head_user), evaluation=evaluation)
    svc.objection_file(actor=act(user_of(world.peer)), evaluation=evaluation, text="Tidak adil")
    CoachingPlan.objects.create(
        tenant=world.tenant,
        employee=world.peer,
        period=period,
        predikat="butuh_perbaikan",
        goals="g",
        actions="a",
        follow_up_date=today + dt.timedelta(days=2),
        coach=world.supervisor,
    )
    people = [world.head, world.supervisor, world.employee, world.peer]
    found = collect(world.tenant, [e.pk for e in people], today)
    for employee in people:
        user = employee.user
        in_app = [(r.text, r.url, r.due) for r in reminders_for(act(user))]
        emailed = [(r.text, r.url, r.due) for r in reminders(found.get(employee.pk, []), today)]
        assert emailed == in_app, employee.name
        assert in_app


def test_queries_do_not_grow_with_employees(world: World) -> None:
    _mail(world)

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
        first = _send(world, dt.date(2026, 3, 10))
    add_staff(20)
    with CaptureQueriesContext(connection) as big:
        second = _send(world, dt.date(2026, 3, 11))
    assert second.sent == first.sent + 20
    assert len(big.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 20
