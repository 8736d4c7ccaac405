"""Small helpers shared by the UI views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.org.models import PNS_GOLONGAN, PPPK_GOLONGAN

View = Callable[..., HttpResponse]

# PNS and PPPK ranks use different scales: show them as two groups.
GOLONGAN_CHOICES: list[tuple[str, list[tuple[str, str]]]] = [
    ("PNS / CPNS", [(g, g) for g in PNS_GOLONGAN]),
    ("PPPK", [(g, g) for g in PPPK_GOLONGAN]),
]

# <input type="date"> needs ISO values whatever the active language's date format is.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None:
        raise PermissionDenied
    return actor


def tenant_view(*, perms: tuple[str, ...] = ()) -> Callable[[View], View]:
    """Login required, the actor must belong to a tenant and hold one of `perms` (if given)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            actor = actor_of(request)
            if actor.tenant is None:
                raise PermissionDenied
            if perms and not any(has_perm(actor, p) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def is_fragment_request(request: HttpRequest) -> bool:
    """An htmx swap asks for the fragment; a history restore needs the whole page."""
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response
