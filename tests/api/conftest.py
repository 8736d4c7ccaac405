"""API fixtures: token clients for the `world` personas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.core.actor import system_actor
from pamong.core.models import User


@pytest.fixture
def token_for() -> Callable[[User], str]:
    def make(user: User) -> str:
        _token, key = api_token_create(
            actor=system_actor(user.tenant), user=user, name=f"test {user.username}"
        )
        return key

    return make


@pytest.fixture
def api_for(token_for: Callable[[User], str]) -> Callable[[User], APIClient]:
    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make
