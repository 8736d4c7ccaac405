"""The public announcement of a tenant's selections (no login): names, registration
numbers and results only; never birth dates or nilai pendidikan."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_scopes import scope, scopes_disabled

from pamong.core.models import Tenant
from pamong.core.pdf import pdf_response
from pamong.recruitment import selectors as sel
from pamong.recruitment.pdf import announcement_pdf

View = Callable[..., HttpResponse]


def _public(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, tenant_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        with scopes_disabled():
            tenant = Tenant.objects.filter(slug=tenant_slug, is_active=True).first()
        if tenant is None:
            raise Http404
        with scope(tenant=tenant):
            return view(request, tenant, *args, **kwargs)

    return wrapper


@require_GET
@_public
def public_index(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    context = {"tenant": tenant, "selections": sel.announced_selections(tenant)}
    return render(request, "recruitment/public_index.html", context)


@require_GET
@_public
def public_announcement(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    selection = sel.public_selection(tenant, code)
    context = {"tenant": tenant, "selection": selection, "groups": sel.passing_by_line(selection)}
    return render(request, "recruitment/public_announcement.html", context)


@require_GET
@_public
def public_announcement_pdf(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    selection = sel.public_selection(tenant, code)
    content = announcement_pdf(selection, tenant.name, sel.passing_by_line(selection))
    return pdf_response(content, f"pengumuman-{selection.code}.pdf")
