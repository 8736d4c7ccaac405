"""The SKP settings page: BKPSDM turns the tenant's e-mail reminders on or off."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from pamong.appraisal.digest import email_reminders_enabled
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
    assert "e-mail reminders: off" in out.getvalue()
    admin.post(reverse(URL), {"email_reminders": "on"})
    assert email_reminders_enabled(world.tenant)
    assert AuditLog.objects.filter(action="appraisal.settings.updated").count() == 2
    out = StringIO()
    call_command("skp_settings", "--tenant", "sofifi", stdout=out)
    assert "e-mail reminders: on" in out.getvalue()


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
    assert "1 pengguna aktif mempunyai alamat e-mail." in page
    assert "Belum pernah ada e-mail pengingat yang dikirim." in page
    index = admin.get(reverse("appraisal:index")).text
    assert f'href="{reverse(URL)}"' in index
    head = world.client_for(world.head_user).get(reverse("appraisal:index")).text
    assert f'href="{reverse(URL)}"' not in head


def test_login_required(client: Client) -> None:
    response = client.post(reverse(URL), {})
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
