"""The ScopeError once seen while touching an API token's `last_used_at` (issue 11).

Why it happened: TenantAPIView entered the tenant scope (a generator context manager of
django-scopes) in `perform_authentication` and left it only in `finalize_response`. A view
that raised a non-API exception (a 500) never reached `finalize_response`, so the entered
generator stayed open, held only by the view <-> request reference cycle. When the cyclic
garbage collector later closed it, its `finally` restored the *old* request's scope state
(enabled, no tenant) in the middle of whatever ran at that moment: in a busy run, inside
the `scopes_disabled()` block of ApiTokenAuthentication, whose next query then failed.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled
from django_scopes.state import get_scope
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from pamong.core.api import TenantAPIView
from pamong.core.models import ApiToken


class ServerErrorApi(TenantAPIView):
    permission = None

    def get(self, request: Any) -> Response:
        raise RuntimeError("a bug in a view: the answer is a 500")


def _auth(api_for: Any, user: Any) -> str:
    return str(api_for(user)._credentials["HTTP_AUTHORIZATION"])


def test_a_view_that_raises_leaves_no_scope_behind(world, api_for) -> None:
    auth = _auth(api_for, world.admin_user)
    before = dict(get_scope())
    request = APIRequestFactory().get("/probe", HTTP_AUTHORIZATION=auth)
    with pytest.raises(RuntimeError):
        ServerErrorApi.as_view()(request)
    assert dict(get_scope()) == before


def test_collecting_a_failed_view_later_does_not_re_enable_scopes(world, api_for) -> None:
    auth = _auth(api_for, world.admin_user)
    gc.collect()
    gc.disable()  # the collection must happen where the test says, as it did in the run
    try:
        with scope():  # the (anonymous) middleware scope of the failing request
            request = APIRequestFactory().get("/probe", HTTP_AUTHORIZATION=auth)
            with pytest.raises(RuntimeError):
                ServerErrorApi.as_view()(request)
        del request
        # A later request's token lookup: the collector runs inside scopes_disabled().
        with scopes_disabled():
            gc.collect()
            assert ApiToken.objects.filter(user=world.admin_user).update(last_used_at=None) >= 1
    finally:
        gc.enable()
