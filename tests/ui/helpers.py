from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def get(client: Client, name: str, *args: Any, **params: Any) -> Any:
    return client.get(reverse(name, args=args), params)


def assert_login_redirect(response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("ui:login"))
