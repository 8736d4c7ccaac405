"""Every answer under /api/ is JSON, errors included (issue 11): `{"detail": "..."}`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver


def _is_json_detail(response: Any, status: int) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(json.loads(response.content)["detail"], str)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units/-1/",  # <int:pk> does not match a negative id
        "/api/v1/employees/x/",
        "/api/v1/no-such-endpoint/",
        "/api/nothing",
    ],
)
def test_a_path_under_api_that_matches_nothing_is_a_json_404(db, api_for, world, path) -> None:
    _is_json_detail(api_for(world.admin_user).get(path), 404)
    _is_json_detail(Client().get(path), 404)  # without a token too


def test_a_web_path_keeps_the_html_404_page(db) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_token_page_is_a_web_page_and_keeps_html(db) -> None:
    response = Client().get("/api/tokens/x/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_drf_errors_are_json(db, api_for, world) -> None:
    _is_json_detail(Client().get("/api/v1/units/"), 401)
    _is_json_detail(api_for(world.employee_user).post("/api/v1/units/", {}), 403)
    _is_json_detail(api_for(world.admin_user).delete("/api/v1/units/"), 405)
    _is_json_detail(api_for(world.admin_user).get("/api/v1/units/999999999/"), 404)


@pytest.mark.parametrize("status", [400, 403, 500])
def test_django_error_handlers_answer_json_under_api(status) -> None:
    handler = get_resolver().resolve_error_handler(status)
    request = RequestFactory().get("/api/v1/units/")
    response = handler(request) if status == 500 else handler(request, Exception("x"))
    _is_json_detail(response, status)
    web = RequestFactory().get("/pegawai/")
    page = handler(web) if status == 500 else handler(web, Exception("x"))
    assert page["Content-Type"].startswith("text/html")
