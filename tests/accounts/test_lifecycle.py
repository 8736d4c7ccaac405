"""Account lifecycle: retirement, death or dismissal ends the login; a transfer ends OPD roles."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from pamong.accounts.services import close_ended_accounts
from pamong.accounts.tasks import close_ended_accounts as close_task
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog, Role, RoleGrant
from pamong.org.models import EmployeeStatus
from pamong.org.services import employee_update
from tests.factories import grant

LOGIN = reverse("ui:login")
HOME = reverse("ui:home")


def _sign_in(username: str) -> int:
    return Client().post(LOGIN, {"username": username, "password": "rahasia-123"}).status_code


def test_a_retiring_employee_loses_the_login_on_the_end_date(world, clock):
    employee = world.employee
    clock.set(2026, 11, 30, 10, 0)
    employee_update(
        actor=system_actor(world.tenant),
        employee=employee,
        status=EmployeeStatus.PENSIUN,
        end_date=dt.date(2026, 12, 1),
    )
    session = world.client_for(world.employee_user)
    assert _sign_in(employee.nip) == 302  # the day before: still works
    assert session.get(HOME).status_code == 200

    # 00:30 on the end date in the Pemda's time zone (Asia/Jayapura).
    clock.set(2026, 12, 1, 0, 30)
    assert _sign_in(employee.nip) == 200  # the form again: refused
    response = session.get(HOME)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    assert session.get(HOME)["Location"].startswith(LOGIN)

    # The hourly task then closes the account for good, with an audit entry.
    assert close_task.delay().get() == 1
    world.employee_user.refresh_from_db()
    assert not world.employee_user.is_active
    entry = AuditLog.objects.get(action="accounts.user.deactivated")
    assert entry.data["reason"] == "service_ended"
    assert close_ended_accounts(tenant=world.tenant) == []  # nothing twice


def test_dismissal_without_an_end_date_takes_effect_at_once(world, clock):
    clock.set(2026, 12, 1)
    world.supervisor.status = EmployeeStatus.BERHENTI
    world.supervisor.save()
    assert _sign_in(world.supervisor.nip) == 200
    closed = close_ended_accounts(tenant=world.tenant)
    assert [u.username for u in closed] == [world.supervisor.nip]


def test_employees_still_in_service_keep_their_login(world, clock):
    clock.set(2026, 12, 1)
    world.supervisor.end_date = dt.date(2027, 1, 1)
    world.supervisor.save()
    assert close_ended_accounts(tenant=world.tenant) == []
    assert _sign_in(world.supervisor.nip) == 302


def test_a_transfer_revokes_roles_limited_to_the_old_opd(world, clock):
    clock.set(2026, 12, 1)
    user = world.employee_user
    limited = grant(user, Role.FINANCE, unit=world.opd)
    head_grant = grant(user, Role.OPD_HEAD, unit=world.opd)
    everywhere = grant(user, Role.AUDITOR)
    elsewhere = grant(user, Role.APPROVER, unit=world.outsider.opd)
    employee_update(
        actor=system_actor(world.tenant), employee=world.employee, unit=world.outsider.unit
    )
    left = set(RoleGrant.objects.filter(user=user).values_list("pk", flat=True))
    assert left == {everywhere.pk, elsewhere.pk}
    revoked = AuditLog.objects.filter(action="accounts.role.revoked", object_id=str(user.pk))
    assert sorted(e.data["role"] for e in revoked) == sorted([limited.role, head_grant.role])
    assert {e.data["reason"] for e in revoked} == {"transfer"}


def test_a_move_inside_the_same_opd_keeps_the_roles(world, clock):
    clock.set(2026, 12, 1)
    limited = grant(world.employee_user, Role.FINANCE, unit=world.opd)
    employee_update(actor=system_actor(world.tenant), employee=world.employee, unit=world.opd)
    assert RoleGrant.objects.filter(pk=limited.pk).exists()
