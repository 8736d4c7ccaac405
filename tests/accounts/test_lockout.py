"""Throttling and temporary lockout of the sign-in (django-axes), per account and address."""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.urls import reverse

from pamong.core.models import AuditLog

LOGIN = reverse("ui:login")


def _try(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> int:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)
    return response.status_code


def test_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(world, clock):
    clock.set(2026, 12, 1, 9, 0, tick=False)
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_try(client, "admin.sofifi", f"salah-{i}") for i in range(limit)]
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with an error
    response = client.post(
        LOGIN, {"username": "admin.sofifi", "password": "rahasia-123"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # 09:00 Jayapura is 07:00 Jakarta (the server's zone for anonymous pages).
    assert f"07:{minutes:02d}" in body
    entry = AuditLog.objects.filter(action="accounts.login.locked_out").first()
    assert entry is not None
    assert entry.tenant == world.tenant
    assert entry.object_id == str(world.admin_user.pk)
    assert entry.data["ip_address"] == "10.0.0.1"

    # From another address the account is still locked (lockout per account).
    other = Client()
    assert _try(other, "admin.sofifi", "rahasia-123", ip="10.9.9.9") == 429

    # When the lockout ends, the right password works again.
    clock.set(2026, 12, 1, 9, minutes + 1, tick=False)
    response = client.post(
        LOGIN, {"username": "admin.sofifi", "password": "rahasia-123"}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.admin_user.pk)


def test_one_address_trying_many_accounts_is_locked(world, clock):
    clock.set(2026, 12, 1, 9, 0)
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"19800101200001100{i}", "tebakan", ip="10.0.0.7")
    # A real account with the right password, from the same address: refused for now.
    assert _try(client, world.employee_user.username, "rahasia-123", ip="10.0.0.7") == 429
    # The same account from elsewhere is fine: it was not the account that failed.
    assert _try(Client(), world.employee_user.username, "rahasia-123", ip="10.0.0.8") == 302


def test_fewer_failures_than_the_limit_do_not_lock(world, clock):
    clock.set(2026, 12, 1, 9, 0)
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "auditor.sofifi", f"salah-{i}") == 200
    assert _try(client, "auditor.sofifi", "rahasia-123") == 302
