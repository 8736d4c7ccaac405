"""The budget page per OPD (pagu, month, year to date, chart) and setting a ceiling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core import clock
from pamong.core.errors import InputErrors
from pamong.core.permissions import has_perm, perm_opds
from pamong.imports.tabular import parse_month
from pamong.org.models import Unit
from pamong.tpp.budget import budget_chart, budget_overview, tpp_budget_set
from pamong.tpp.views import _actor


@login_required
@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    """Per OPD: the month against the monthly share, the year to date, and a chart."""
    actor = _actor(request)
    if not has_perm(actor, "tpp.view_all"):
        raise PermissionDenied
    assert actor.tenant is not None
    try:
        selected = parse_month(request.GET.get("bulan", "").strip())
    except ValueError:
        selected = clock.this_month(actor.tenant)
    overview = budget_overview(
        actor.tenant, selected.year, selected.month, perm_opds(actor, "tpp.view_all")
    )
    context = {
        "overview": overview,
        "selected": selected,
        "chart": mark_safe(budget_chart(overview)),  # noqa: S308 - built with escaped labels
        "can_set": has_perm(actor, "tpp.budget"),
    }
    return render(request, "tpp/budget.html", context)


@login_required
@require_POST
def budget_set(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not has_perm(actor, "tpp.budget"):
        raise PermissionDenied
    opd_id, year = request.POST.get("opd", ""), request.POST.get("tahun", "")
    unit = Unit.objects.filter(
        tenant=actor.tenant, pk=int(opd_id) if opd_id.isdigit() else 0
    ).first()
    if unit is None:
        raise Http404
    try:
        row = tpp_budget_set(
            actor=actor,
            opd=unit,
            year=int(year) if year.isdigit() else 0,
            pagu=request.POST.get("pagu", ""),
        )
    except InputErrors as exc:
        for error in exc.errors:
            messages.error(request, f"{unit.code} {error.column}: {error.message}")
    else:
        messages.success(
            request, _("Pagu %(opd)s tahun %(y)s disimpan.") % {"opd": unit.code, "y": row.year}
        )
    month = request.POST.get("bulan", "")
    return redirect(reverse("tpp:budget") + (f"?bulan={month}" if month else ""))
