"""Web plumbing shared by every app's views: the actor of a request, the tenant-view
decorator, htmx helpers and widgets."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.bulk import ItemResult
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm

View = Callable[..., HttpResponse]

# <input type="date"> needs ISO values whatever the active language's date format is.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def actor_of(request: HttpRequest) -> Actor:
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None:
        raise PermissionDenied
    return actor


def tenant_actor(request: HttpRequest) -> Actor:
    """The actor of a request inside a tenant: 404 for the superadmin and anonymous users."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise Http404
    return actor


def previous_month(actor: Actor) -> str:
    """The month before the tenant's current one, `YYYY-MM`: the default rating period."""
    return clock.previous_month(actor.tenant)


def run_service(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    """Call a service; show its ValidationError as a message instead of a 500."""
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def first_error(form: Any) -> str:
    """The first problem of a bound form, with its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return _("Isian tidak sah.")


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


def bulk_results(
    request: HttpRequest, title: str, results: list[ItemResult], back_url: str
) -> HttpResponse:
    """The page that shows a bulk action's result per item."""
    context = {
        "title": title,
        "results": results,
        "ok_count": sum(1 for r in results if r.ok),
        "back_url": back_url,
    }
    return render(request, "ui/bulk_results.html", context)


def public_tenant_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page without login for `<slug:tenant_slug>`: the view runs in that active tenant's
    scope and receives the tenant; an unknown or inactive slug is 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, tenant_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        with scopes_disabled():
            tenant = Tenant.objects.filter(slug=tenant_slug, is_active=True).first()
        if tenant is None:
            raise Http404
        with scope(tenant=tenant):
            return view(request, tenant, *args, **kwargs)

    return wrapper
