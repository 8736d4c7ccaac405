"""API tokens: an expiry date, the last-used date on the token page, read-only tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.core.actor import actor_for_user
from pamong.core.models import ApiToken

EMPLOYEES = reverse("api:employees")


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_token_stops_working_after_its_last_day(world, clock):
    clock.set(2026, 12, 1, 9, 0)
    actor = actor_for_user(world.admin_user)
    _token, key = api_token_create(
        actor=actor, user=world.auditor_user, name="sipd", expires_on=dt.date(2026, 12, 3)
    )
    assert _api(key).get(EMPLOYEES).status_code == 200
    clock.set(2026, 12, 3, 23, 59)  # the last day, Pemda time
    assert _api(key).get(EMPLOYEES).status_code == 200
    clock.set(2026, 12, 4, 0, 1)
    assert _api(key).get(EMPLOYEES).status_code == 401


def test_tokens_expire_by_default_and_not_in_the_past(world, clock, settings):
    clock.set(2026, 12, 1)
    actor = actor_for_user(world.admin_user)
    token, _key = api_token_create(actor=actor, user=world.auditor_user, name="x")
    days = settings.PAMONG_API_TOKEN_DAYS
    assert token.expires_at is not None
    assert token.expires_at.date() >= dt.date(2026, 12, 1) + dt.timedelta(days=days)
    with pytest.raises(ValidationError):
        api_token_create(
            actor=actor, user=world.auditor_user, name="y", expires_on=dt.date(2026, 11, 30)
        )


def test_a_read_only_token_reads_but_never_writes(world, clock):
    clock.set(2026, 12, 1)
    actor = actor_for_user(world.admin_user)
    _token, key = api_token_create(actor=actor, user=world.admin_user, name="ro", read_only=True)
    client = _api(key)
    assert client.get(EMPLOYEES).status_code == 200
    response = client.post(reverse("api:units"), {"code": "9.99", "name": "X", "kind": "opd"})
    assert response.status_code == 403
    _t, rw_key = api_token_create(actor=actor, user=world.admin_user, name="rw")
    response = _api(rw_key).post(reverse("api:units"), {"code": "9.99", "name": "X", "kind": "opd"})
    assert response.status_code == 201


def test_the_token_page_shows_expiry_last_use_and_access(world, clock):
    clock.set(2026, 12, 1, 9, 0)
    client = world.client_for(world.admin_user)
    response = client.post(
        reverse("api:tokens"),
        {"name": "bkn", "user": world.auditor_user.pk, "expires_on": "2027-01-31",
         "read_only": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    key = response.context["new_key"]
    token = ApiToken.objects.get(name="bkn")
    assert token.read_only
    _api(key).get(EMPLOYEES)
    page = client.get(reverse("api:tokens")).content.decode()
    assert "2027-01-31 23:59" in page
    assert "hanya baca" in page
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_of_an_employee_whose_service_ended_stops_at_once(world, clock):
    clock.set(2026, 12, 1)
    actor = actor_for_user(world.admin_user)
    _token, key = api_token_create(actor=actor, user=world.employee_user, name="own")
    assert _api(key).get(reverse("api:employees")).status_code == 200
    world.employee.end_date = dt.date(2026, 12, 1)
    world.employee.save()
    assert _api(key).get(reverse("api:employees")).status_code == 401
