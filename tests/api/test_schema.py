"""The OpenAPI schema and the Swagger UI (served from local static files, no CDN)."""

from __future__ import annotations

import json
import re

from django.test import Client
from rest_framework.test import APIClient


def _signed_in(world) -> APIClient:
    client = APIClient()
    client.force_login(world.employee_user)
    return client


def test_the_schema_and_docs_need_a_login(world) -> None:
    assert APIClient().get("/api/schema/").status_code in (401, 403)
    assert APIClient().get("/api/docs").status_code in (401, 403)


def test_the_schema_is_json_with_the_v1_paths(world) -> None:
    response = _signed_in(world).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    for p in (
        "/api/v1/units/",
        "/api/v1/units/{id}/",
        "/api/v1/employees/",
        "/api/v1/employees/{id}/",
    ):
        assert p in schema["paths"], p
    employees = schema["paths"]["/api/v1/employees/"]
    assert {"get", "post"} <= set(employees)
    params = {p["name"] for p in employees["get"]["parameters"]}
    assert {"q", "unit", "golongan", "employee_type", "status", "ordering", "page"} <= params
    detail = schema["paths"]["/api/v1/employees/{id}/"]
    assert {"get", "put", "patch"} <= set(detail) and "delete" not in detail
    output = schema["components"]["schemas"]["EmployeeOutput"]["properties"]
    assert "password" not in output and "supervisor" in output


def test_the_docs_page_uses_only_local_assets(world) -> None:
    response = _signed_in(world).get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/" in html
    foreign = re.findall(r"https?://(?!testserver)[^\s\"'<>]+", html)
    assert foreign == []
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html))
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        served = Client().get(asset)
        served.close()  # whitenoise streams the file
        assert served.status_code == 200, asset


def test_the_api_index_redirects_to_the_docs(world) -> None:
    response = APIClient().get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"
