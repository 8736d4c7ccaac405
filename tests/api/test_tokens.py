"""API token services, the `api_token` command and the token admin page."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.api.services import api_token_create, api_token_revoke
from pamong.core.actor import actor_for_user
from pamong.core.models import ApiToken, AuditLog

PAGE = "/api/tokens/"


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/units/").status_code == 200


# --- services --------------------------------------------------------------------------


def test_the_admin_creates_a_token_that_stores_only_a_hash(world) -> None:
    actor = actor_for_user(world.admin_user)
    token, key = api_token_create(actor=actor, user=world.auditor_user, name="SIASN sync")
    assert token.key_hash == ApiToken.hash_key(key) and token.prefix == key[:8]
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    entry = AuditLog.objects.get(action="api.token.created")
    assert entry.tenant == world.tenant and key not in str(entry.data)
    assert works(key)
    api_token_revoke(actor=actor, token=token)
    assert AuditLog.objects.filter(action="api.token.revoked", object_id=str(token.pk)).exists()
    assert not works(key)


@pytest.mark.parametrize("persona", ["auditor_user", "finance_user", "employee_user"])
def test_only_the_bkpsdm_admin_creates_tokens(world, persona) -> None:
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        api_token_create(actor=actor_for_user(user), user=user, name="mine")


def test_a_token_cannot_act_as_a_user_of_another_tenant(world) -> None:
    with pytest.raises(ValidationError) as info:
        api_token_create(
            actor=actor_for_user(world.admin_user), user=world.other_admin_user, name="x"
        )
    assert "user" in info.value.message_dict
    assert not ApiToken.objects.exists()


# --- command ---------------------------------------------------------------------------


def test_the_command_creates_and_revokes(world) -> None:
    out = io.StringIO()
    call_command(
        "api_token",
        "create",
        "--tenant",
        "sofifi",
        "--user",
        "auditor.sofifi",
        "--name",
        "Dasbor",
        stdout=out,
        stderr=io.StringIO(),
    )
    key = out.getvalue().strip()
    assert works(key)
    out = io.StringIO()
    call_command("api_token", "revoke", "--tenant", "sofifi", "--prefix", key[:8], stdout=out)
    assert "dicabut" in out.getvalue()
    assert not works(key)
    assert AuditLog.objects.filter(action="api.token.revoked").count() == 1


def test_the_command_refuses_unknown_users_and_other_tenants_tokens(world, token_for) -> None:
    with pytest.raises(CommandError) as info:
        call_command(
            "api_token", "create", "--tenant", "kupang", "--user", "admin.sofifi", "--name", "x"
        )
    assert info.value.returncode == 2
    key = token_for(world.admin_user)
    with pytest.raises(CommandError):
        call_command("api_token", "revoke", "--tenant", "kupang", "--prefix", key[:8])
    assert works(key)


# --- page ------------------------------------------------------------------------------


def test_the_page_creates_a_token_and_shows_the_key_once(world) -> None:
    client = world.client_for(world.admin_user)
    response = client.post(PAGE, {"name": "Presensi", "user": world.auditor_user.pk})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Presensi")
    html = response.content.decode()
    key = html.split('<code id="new-key">')[1].split("</code>")[0]
    assert ApiToken.hash_key(key) == token.key_hash
    listing = client.get(PAGE).content.decode()
    assert "Presensi" in listing and key not in listing


def test_the_page_revokes(world, token_for) -> None:
    key = token_for(world.auditor_user)
    token = ApiToken.objects.get(prefix=key[:8])
    response = world.client_for(world.admin_user).post(PAGE, {"revoke": token.pk})
    assert response.status_code == 302 and response["Location"] == reverse("api:tokens")
    token.refresh_from_db()
    assert token.revoked


def test_the_page_hides_other_tenants_tokens(world, token_for) -> None:
    key = token_for(world.other_admin_user)
    token = ApiToken.objects.get(prefix=key[:8])
    client = world.client_for(world.admin_user)
    assert token.name not in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"revoke": token.pk}).status_code == 404
    response = client.post(PAGE, {"name": "x", "user": world.other_admin_user.pk})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(name="x").exists()
    token.refresh_from_db()
    assert not token.revoked


def test_the_page_is_for_the_admin_only(world) -> None:
    assert world.client_for(world.auditor_user).get(PAGE).status_code == 403
    assert world.client_for(world.superadmin_user).get(PAGE).status_code == 403
    assert world.client_for(world.admin_user).get(PAGE).status_code == 200
    assert world.client_for(world.admin_user).put(PAGE).status_code == 405
    anonymous = APIClient().get(PAGE)
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
