"""Audit log page and the superadmin tenant pages."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.core.actor import actor_for_user, system_actor
from pamong.core.audit import audit
from pamong.core.models import AuditLog, Tenant
from tests.ui.helpers import assert_login_redirect, get


@pytest.fixture
def entries(world):
    admin = actor_for_user(world.admin_user)
    audit(
        actor=admin, action="org.employee.updated", obj=world.employee,
        before={"golongan": "III/a"}, after={"golongan": "III/b"},
    )  # fmt: skip
    audit(actor=system_actor(world.tenant, "import"), action="imports.units.loaded", data={"n": 3})
    audit(
        actor=actor_for_user(world.other_admin_user), action="org.employee.updated",
        obj=world.foreigner, before={"name": "A"}, after={"name": "Rahasia Kupang"},
    )  # fmt: skip
    return admin


def actions(response) -> list[str]:
    return [row.entry.action for row in response.context["audit_rows"]]


def test_audit_page_shows_only_the_own_tenant(world, entries) -> None:
    for user in (world.admin_user, world.auditor_user):
        response = get(world.client_for(user), "ui:audit")
        assert response.status_code == 200
        assert sorted(actions(response)) == ["imports.units.loaded", "org.employee.updated"]
        html = response.content.decode()
        assert "<del>III/a</del> → <ins>III/b</ins>" in html
        assert "Rahasia Kupang" not in html
    # Data is shown as labelled values (no JSON), times in the tenant's own time zone
    # (Sofifi: WIT, UTC+9).
    assert "<li>N: 3</li>" in html and "&quot;" not in html
    entry = AuditLog.objects.get(action="imports.units.loaded")
    local = entry.created_at.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert local.strftime("%Y-%m-%d %H:%M") in html
    other = get(world.client_for(world.other_admin_user), "ui:audit")
    assert actions(other) == ["org.employee.updated"]


def test_audit_filters(world, entries) -> None:
    client = world.client_for(world.auditor_user)
    assert actions(get(client, "ui:audit", action="imports.")) == ["imports.units.loaded"]
    assert actions(get(client, "ui:audit", actor="admin.sofifi")) == ["org.employee.updated"]
    assert actions(get(client, "ui:audit", object_type="org.employee")) == ["org.employee.updated"]
    # The page reads dates in the tenant's zone (Sofifi is WIT, UTC+9), not the server's.
    today = timezone.localdate(timezone=ZoneInfo(world.tenant.timezone))
    assert len(actions(get(client, "ui:audit", date_from=today, date_to=today))) == 2
    tomorrow = today + dt.timedelta(days=1)
    assert actions(get(client, "ui:audit", date_from=tomorrow)) == []
    assert actions(get(client, "ui:audit", date_to=today - dt.timedelta(days=1))) == []
    # An invalid date shows the error and does not filter.
    response = get(client, "ui:audit", date_from="kemarin")
    assert response.status_code == 200 and response.context["form"].errors


def test_audit_paginates(world, django_assert_max_num_queries) -> None:
    actor = system_actor(world.tenant)
    for i in range(60):
        audit(actor=actor, action="demo.thing.done", data={"i": i})
    client = world.client_for(world.admin_user)
    with django_assert_max_num_queries(8):
        first = get(client, "ui:audit")
    assert len(actions(first)) == 50
    assert len(actions(get(client, "ui:audit", page=2))) == 10


@pytest.mark.parametrize(
    "persona", ["employee_user", "supervisor_user", "head_user", "finance_user", "superadmin_user"]
)
def test_audit_forbidden_without_capability(world, persona) -> None:
    assert get(world.client_for(getattr(world, persona)), "ui:audit").status_code == 403


def test_audit_method_and_login(world) -> None:
    assert world.client_for(world.auditor_user).post(reverse("ui:audit")).status_code == 405
    assert_login_redirect(get(Client(), "ui:audit"))


def test_employee_change_history_is_per_employee_and_tenant(world, entries) -> None:
    client = world.client_for(world.admin_user)
    rows = get(client, "ui:employee-detail", world.employee.pk).context["audit_rows"]
    assert [r.entry.object_id for r in rows] == [str(world.employee.pk)]
    assert get(client, "ui:employee-detail", world.peer.pk).context["audit_rows"] == []


# --- tenants --------------------------------------------------------------------------


def test_superadmin_lists_tenants(world) -> None:
    response = get(world.client_for(world.superadmin_user), "ui:tenants")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kota Sofifi" in html and "Kota Kupang" in html
    # Time zones as people name them (Sofifi WIT, Kupang WITA), not as tz database names.
    assert "<td>WIT</td>" in html and "<td>WITA</td>" in html and "Asia/Jayapura" not in html


def test_superadmin_creates_a_tenant_with_audit(world) -> None:
    client = world.client_for(world.superadmin_user)
    assert get(client, "ui:tenant-new").status_code == 200
    data = {"slug": "ende", "name": "Kabupaten Ende", "timezone": "Asia/Makassar"}
    response = client.post(reverse("ui:tenant-new"), data)
    assert response.status_code == 302
    tenant = Tenant.objects.get(slug="ende")
    assert tenant.timezone == "Asia/Makassar"
    entry = AuditLog.objects.get(action="core.tenant.created")
    assert entry.actor_user == world.superadmin_user
    # A duplicate slug is reported on the field.
    again = client.post(reverse("ui:tenant-new"), data)
    assert again.status_code == 200 and "slug" in again.context["form"].errors


def test_superadmin_edits_a_tenant(world) -> None:
    client = world.client_for(world.superadmin_user)
    url = reverse("ui:tenant-edit", args=[world.other_tenant.pk])
    assert 'value="Kota Kupang"' in client.get(url).content.decode()
    data = {"name": "Kota Kupang Baru", "timezone": "Asia/Makassar"}  # is_active unchecked
    assert client.post(url, data).status_code == 302
    world.other_tenant.refresh_from_db()
    assert world.other_tenant.name == "Kota Kupang Baru"
    assert world.other_tenant.is_active is False
    entry = AuditLog.objects.get(action="core.tenant.updated")
    assert entry.before == {"name": "Kota Kupang", "is_active": True}
    bad = client.post(url, {"name": "", "timezone": "Europe/Paris"})
    assert set(bad.context["form"].errors) == {"name", "timezone"}


@pytest.mark.parametrize("persona", ["admin_user", "auditor_user", "employee_user"])
def test_tenant_pages_forbidden_for_tenant_users(world, persona) -> None:
    client = world.client_for(getattr(world, persona))
    assert get(client, "ui:tenants").status_code == 403
    assert get(client, "ui:tenant-new").status_code == 403
    assert get(client, "ui:tenant-edit", world.tenant.pk).status_code == 403
    response = client.post(reverse("ui:tenant-new"), {"slug": "x", "name": "X", "timezone": "UTC"})
    assert response.status_code == 403
    assert not Tenant.objects.filter(slug="x").exists()


def test_tenant_superuser_with_a_tenant_is_not_platform_admin(world) -> None:
    world.admin_user.is_superuser = True
    world.admin_user.save()
    assert get(world.client_for(world.admin_user), "ui:tenants").status_code == 403


def test_tenant_pages_method_login_and_404(world) -> None:
    client = world.client_for(world.superadmin_user)
    assert client.post(reverse("ui:tenants")).status_code == 405
    assert client.delete(reverse("ui:tenant-edit", args=[world.tenant.pk])).status_code == 405
    assert get(client, "ui:tenant-edit", 999999).status_code == 404
    assert_login_redirect(get(Client(), "ui:tenants"))
