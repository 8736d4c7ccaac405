"""The public announcement of a tenant's selections (no login): names, registration
numbers and results only; never birth dates or nilai pendidikan."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pamong.core.models import Tenant
from pamong.core.pdf import pdf_response
from pamong.core.web import public_tenant_view
from pamong.recruitment import selectors as sel
from pamong.recruitment.pdf import announcement_pdf


@require_GET
@public_tenant_view
def public_index(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    context = {"tenant": tenant, "selections": sel.announced_selections(tenant)}
    return render(request, "recruitment/public_index.html", context)


@require_GET
@public_tenant_view
def public_announcement(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    selection = sel.public_selection(tenant, code)
    context = {"tenant": tenant, "selection": selection, "groups": sel.passing_by_line(selection)}
    return render(request, "recruitment/public_announcement.html", context)


@require_GET
@public_tenant_view
def public_announcement_pdf(request: HttpRequest, tenant: Tenant, code: str) -> HttpResponse:
    selection = sel.public_selection(tenant, code)
    content = announcement_pdf(selection, tenant.name, sel.passing_by_line(selection))
    return pdf_response(content, f"pengumuman-{selection.code}.pdf")
