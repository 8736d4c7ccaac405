"""Token and session authentication of /api/v1/."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from pamong.core.models import ApiToken

EMPLOYEES = "/api/v1/employees/"


def test_it_accepts_a_valid_token_and_records_its_use(world, token_for) -> None:
    key = token_for(world.admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(EMPLOYEES)
    assert response.status_code == 200
    assert response.json()["count"] == 5
    token = ApiToken.objects.get(prefix=key[:8])
    assert token.last_used_at is not None
    assert token.key_hash != key and key not in token.key_hash


def test_it_rejects_a_revoked_token(world, token_for) -> None:
    key = token_for(world.admin_user)
    ApiToken.objects.filter(prefix=key[:8]).update(revoked=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(EMPLOYEES).status_code == 401


def test_it_rejects_a_wrong_key(world, token_for) -> None:
    key = token_for(world.admin_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key[:-1]}x")
    response = client.get(EMPLOYEES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_rejects_a_token_of_an_inactive_tenant(world, token_for) -> None:
    key = token_for(world.admin_user)
    world.tenant.is_active = False
    world.tenant.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(EMPLOYEES).status_code == 401


def test_it_rejects_a_token_of_an_inactive_user(world, token_for) -> None:
    key = token_for(world.admin_user)
    world.admin_user.is_active = False
    world.admin_user.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(EMPLOYEES).status_code == 401


def test_it_asks_anonymous_callers_to_authenticate(world) -> None:
    response = APIClient().get(EMPLOYEES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_accepts_a_logged_in_session(world) -> None:
    client = APIClient()
    client.force_login(world.auditor_user)
    response = client.get(EMPLOYEES)
    assert response.status_code == 200
    assert response.json()["count"] == 5


def test_a_user_without_tenant_is_forbidden(world) -> None:
    client = APIClient()
    client.force_login(world.superadmin_user)
    assert client.get(EMPLOYEES).status_code == 403
    assert client.get(reverse("api:units")).status_code == 403
