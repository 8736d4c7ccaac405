"""Resolve the actor and run the request inside its tenant scope (fail closed)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django_scopes import scope

from pamong.core.actor import Actor, actor_for_user


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor: Actor | None = None
        if user is not None and user.is_authenticated:
            actor = actor_for_user(user)
            if not request.COOKIES.get("django_language") and user.preferred_language:
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
        request.actor = actor  # type: ignore[attr-defined]
        # An anonymous request has an empty scope: every tenant-owned query raises.
        # The API re-enters the scope after token authentication (pamong.api.auth).
        if actor is None or actor.tenant is None:
            with scope():
                return self.get_response(request)
        # Times on pages are the Pemda's local time (WIB, WITA or WIT), not the server's.
        timezone.activate(actor.tenant.timezone)
        try:
            with scope(tenant=actor.tenant):
                return self.get_response(request)
        finally:
            timezone.deactivate()
