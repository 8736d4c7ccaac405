"""The shared API plumbing: tenant scope per request and app endpoint mounting."""

from __future__ import annotations

import sys
import types

import pytest
from django.urls import path
from django_scopes.state import get_scope
from rest_framework.response import Response

from pamong.api import urls as api_urls
from pamong.core.api import TenantAPIView
from pamong.org.selectors import employees_visible_to

seen_scopes: list[dict] = []


class ScopeProbeApi(TenantAPIView):
    permission = None

    def get(self, request):
        seen_scopes.append(dict(get_scope()))
        return Response({"n": employees_visible_to(self.actor).count()})


def test_the_request_runs_in_the_token_tenants_scope_and_leaves_it(world, api_for) -> None:
    before = dict(get_scope())
    seen_scopes.clear()
    view = ScopeProbeApi.as_view()
    from rest_framework.test import APIRequestFactory

    key_client = api_for(world.other_admin_user)
    auth = key_client._credentials["HTTP_AUTHORIZATION"]
    request = APIRequestFactory().get("/probe", HTTP_AUTHORIZATION=auth)
    response = view(request)
    assert response.status_code == 200
    assert response.data == {"n": 1}
    assert seen_scopes == [{"_enabled": True, "tenant": world.other_tenant}]
    assert dict(get_scope()) == before


def test_it_mounts_app_api_modules_and_skips_missing_ones(monkeypatch) -> None:
    fake = types.ModuleType("pamong.fakeapp.api")
    fake.urlpatterns = [path("things/", ScopeProbeApi.as_view(), name="things")]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pamong.fakeapp.api", fake)
    monkeypatch.setattr(api_urls, "APP_API_MODULES", ("pamong.fakeapp.api", "pamong.nosuchapp.api"))
    mounted = api_urls._app_patterns()
    assert len(mounted) == 1
    assert mounted[0].namespace == "fakeapp"


def test_a_broken_import_inside_an_app_api_module_is_not_hidden(monkeypatch) -> None:
    def broken(name: str):
        raise ModuleNotFoundError("No module named 'missing_dependency'", name="missing_dependency")

    monkeypatch.setattr(api_urls.importlib, "import_module", broken)
    monkeypatch.setattr(api_urls, "APP_API_MODULES", ("pamong.attendance.api",))
    with pytest.raises(ModuleNotFoundError):
        api_urls._app_patterns()


class CapabilityProbeApi(TenantAPIView):
    permission = "tpp.view_all"

    def get(self, request):
        return Response({"ok": True})

    def post(self, request):
        return Response({"ok": True})


def _call(api_for, user, method: str) -> int:
    from rest_framework.test import APIRequestFactory

    auth = api_for(user)._credentials["HTTP_AUTHORIZATION"]
    request = getattr(APIRequestFactory(), method)("/probe", HTTP_AUTHORIZATION=auth)
    return CapabilityProbeApi.as_view()(request).status_code


def test_the_declared_capabilities_are_enforced(world, api_for) -> None:
    assert _call(api_for, world.finance_user, "get") == 200
    assert _call(api_for, world.employee_user, "get") == 403
    # No write_permission declared: writes are refused even to the admin (fail closed).
    assert _call(api_for, world.admin_user, "post") == 403
    assert _call(api_for, world.admin_user, "delete") == 405
