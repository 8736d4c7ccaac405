"""The SKP settings page: BKPSDM turns the tenant's e-mail reminders on or off."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse

from pamong.appraisal.digest import email_reminders_enabled, send_reminder_digests
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog
from tests.appraisal.conftest import user_of
from tests.conftest import World

pytestmark = pytest.mark.django_db
URL = "appraisal:settings"


def test_bkpsdm_turns_email_reminders_off_and_on(world: World) -> None:
    admin = world.client_for(world.admin_user)
    page = admin.get(reverse(URL))
    assert page.status_code == 200
    assert 'name="email_reminders"' in page.text and "checked" in page.text
    assert "31 Januari" in page.text  # the deadlines, for reference
    response = admin.post(reverse(URL), {})  # an unticked box is not sent
    assert response.status_code == 302 and response["Location"] == reverse(URL)
    assert not email_reminders_enabled(world.tenant)
    assert email_reminders_enabled(world.other_tenant)
    entry = AuditLog.objects.get(action="appraisal.settings.updated")
    assert entry.tenant == world.tenant and entry.actor_user == world.admin_user
    assert entry.before == {"email_reminders": True} and entry.after == {"email_reminders": False}
    assert "checked" not in admin.get(reverse(URL)).text
    # Saving the same value again changes nothing and audits nothing.
    admin.post(reverse(URL), {})
    assert AuditLog.objects.filter(action="appraisal.settings.updated").count() == 1
    # The CLI reads and writes the same setting through the same service.
    out = StringIO()
    call_command("skp_settings", "--tenant", "sofifi", stdout=out)
    assert "pengingat surel: mati" in out.getvalue()
    admin.post(reverse(URL), {"email_reminders": "on"})
    assert email_reminders_enabled(world.tenant)
    assert AuditLog.objects.filter(action="appraisal.settings.updated").count() == 2
    out = StringIO()
    call_command("skp_settings", "--tenant", "sofifi", stdout=out)
    assert "pengingat surel: hidup" in out.getvalue()


@pytest.mark.parametrize(
    "who", ["employee_user", "supervisor_user", "head_user", "auditor_user", "finance_user"]
)
def test_only_bkpsdm_may_see_or_change_it(world: World, who: str) -> None:
    client = world.client_for(getattr(world, who))
    assert client.get(reverse(URL)).status_code == 403
    assert client.post(reverse(URL), {}).status_code == 403
    assert email_reminders_enabled(world.tenant)
    assert not AuditLog.objects.filter(action="appraisal.settings.updated").exists()


def test_each_tenant_has_its_own_setting(world: World) -> None:
    other = world.client_for(world.other_admin_user)
    assert other.post(reverse(URL), {}).status_code == 302
    assert not email_reminders_enabled(world.other_tenant)
    assert email_reminders_enabled(world.tenant)
    entry = AuditLog.objects.get(action="appraisal.settings.updated")
    assert entry.tenant == world.other_tenant
    page = world.client_for(world.admin_user).get(reverse(URL)).text
    assert "checked" in page
    # No tenant, no page: the superadmin manages tenants, not their settings.
    assert world.client_for(world.superadmin_user).get(reverse(URL)).status_code == 403


def test_the_page_shows_who_gets_mail_and_is_linked_from_the_skp_page(world: World) -> None:
    world.employee.email = "arnoldus@sofifi.test"
    world.employee.save(update_fields=["email"])
    user_of(world.foreigner)
    world.foreigner.email = "orang@kupang.test"
    world.foreigner.save(update_fields=["email"])
    admin = world.client_for(world.admin_user)
    page = admin.get(reverse(URL)).text
    assert "1 pengguna dapat menerima e-mail pengingat." in page
    assert "Belum pernah ada e-mail pengingat yang dikirim." in page
    index = admin.get(reverse("appraisal:index")).text
    assert f'href="{reverse(URL)}"' in index
    head = world.client_for(world.head_user).get(reverse("appraisal:index")).text
    assert f'href="{reverse(URL)}"' not in head


def test_login_required(client: Client) -> None:
    response = client.post(reverse(URL), {})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- A user's own opt-out -------------------------------------------------------------------

OPT = "appraisal:reminder-emails"


@pytest.fixture
def _locmem_mail() -> object:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


@pytest.mark.usefixtures("_locmem_mail")
def test_a_user_turns_their_own_digest_off_on_their_profile(world: World) -> None:
    for employee, address in ((world.supervisor, "maria@sofifi.test"),
                              (world.employee, "arnoldus@sofifi.test")):  # fmt: skip
        employee.email = address
        employee.save(update_fields=["email"])
    client = world.client_for(world.employee_user)
    profile = client.get(reverse("ui:me"), follow=True).text
    assert 'id="reminder-emails-form"' in profile and 'name="reminder_emails" checked' in profile
    # Not on somebody else's page.
    other = world.client_for(world.supervisor_user)
    page = other.get(reverse("ui:employee-detail", args=[world.employee.pk])).text
    assert 'id="reminder-emails-form"' not in page

    response = client.post(reverse(OPT), {})
    assert response.status_code == 302 and response["Location"] == reverse("ui:me")
    world.employee_user.refresh_from_db()
    world.supervisor_user.refresh_from_db()
    assert not world.employee_user.reminder_emails and world.supervisor_user.reminder_emails
    entry = AuditLog.objects.get(action="appraisal.reminder_emails.updated")
    assert entry.actor_user == world.employee_user and entry.tenant == world.tenant
    assert entry.after == {"reminder_emails": False}
    profile = client.get(reverse("ui:me"), follow=True).text
    assert 'name="reminder_emails">' in profile  # unticked

    result = send_reminder_digests(actor=system_actor(world.tenant), today=dt.date(2026, 3, 10))
    assert [m.to for m in mail.outbox] == [["maria@sofifi.test"]] and result.sent == 1
    assert "1 pengguna dapat menerima" in world.client_for(world.admin_user).get(reverse(URL)).text

    client.post(reverse(OPT), {"reminder_emails": "on"})
    world.employee_user.refresh_from_db()
    assert world.employee_user.reminder_emails
    assert AuditLog.objects.filter(action="appraisal.reminder_emails.updated").count() == 2
    client.post(reverse(OPT), {"reminder_emails": "on"})  # unchanged: no entry
    assert AuditLog.objects.filter(action="appraisal.reminder_emails.updated").count() == 2


def test_the_opt_out_is_post_only_and_needs_a_tenant_login(world: World, client: Client) -> None:
    assert world.client_for(world.employee_user).get(reverse(OPT)).status_code == 405
    response = client.post(reverse(OPT), {})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert world.client_for(world.superadmin_user).post(reverse(OPT), {}).status_code == 403
    # A role account without an employee record may opt out too.
    response = world.client_for(world.admin_user).post(reverse(OPT), {})
    assert response.status_code == 302 and response["Location"] == reverse("appraisal:index")
    world.admin_user.refresh_from_db()
    assert not world.admin_user.reminder_emails
