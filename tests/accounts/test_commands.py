"""`pamong user create`, `pamong role grant`, `pamong role revoke`: the same services."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from pamong.core.models import AuditLog, Role, RoleGrant, User


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_user_create_prints_the_activation_link_without_email(world):
    out = _run("user_create", "--tenant", "kupang", "--username", "admin.kupang2",
               "--role", Role.BKPSDM_ADMIN)  # fmt: skip
    assert "/akun/sandi/atur/" in out
    user = User.objects.get(username="admin.kupang2")
    assert user.tenant == world.other_tenant and not user.has_usable_password()
    assert RoleGrant.objects.filter(user=user, role=Role.BKPSDM_ADMIN).exists()
    assert AuditLog.objects.filter(action="accounts.user.created", tenant=world.other_tenant)


def test_user_create_for_an_employee_mails_the_link(world):
    world.peer.email = "peer@example.go.id"
    world.peer.save()
    mail.outbox.clear()
    out = _run("user_create", "--tenant", "sofifi", "--nip", world.peer.nip)
    assert "dikirim ke peer@example.go.id" in out
    assert User.objects.get(username=world.peer.nip).employee == world.peer
    assert len(mail.outbox) == 1


def test_user_create_refuses_an_employee_of_another_tenant(world):
    with pytest.raises(CommandError):
        _run("user_create", "--tenant", "kupang", "--nip", world.peer.nip)
    assert not User.objects.filter(username=world.peer.nip).exists()


def test_role_grant_and_revoke(world):
    username = world.employee_user.username
    out = _run("role_grant", "--tenant", "sofifi", "--user", username,
               "--role", Role.FINANCE, "--unit", "1.01")  # fmt: skip
    assert "terbatas pada 1.01" in out
    grant = RoleGrant.objects.get(user=world.employee_user, role=Role.FINANCE)
    assert grant.unit == world.opd
    with pytest.raises(CommandError):  # already held
        _run("role_grant", "--tenant", "sofifi", "--user", username,
             "--role", Role.FINANCE, "--unit", "1.01")  # fmt: skip
    _run("role_revoke", "--tenant", "sofifi", "--user", username,
         "--role", Role.FINANCE, "--unit", "1.01")  # fmt: skip
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    with pytest.raises(CommandError):  # a user of another tenant is not found
        _run("role_grant", "--tenant", "kupang", "--user", username, "--role", Role.AUDITOR)
    actions = AuditLog.objects.filter(object_id=str(world.employee_user.pk)).values_list(
        "action", flat=True
    )
    assert set(actions) >= {"accounts.role.granted", "accounts.role.revoked"}
