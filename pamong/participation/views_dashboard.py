"""The complaint dashboard per unit (staff, OPD heads) and the public transparency page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm
from pamong.participation.charts import chart_figure
from pamong.participation.forums import upcoming_forums
from pamong.participation.links import public_links
from pamong.participation.public import public_view
from pamong.participation.services import tenant_today
from pamong.participation.skm import ikm_rows
from pamong.participation.stats import Dashboard, complaint_dashboard
from pamong.participation.views_skm import PeriodForm


def charts(dashboard: Dashboard) -> dict[str, Any]:
    months = dashboard.months[-12:]
    return {
        "volume_chart": chart_figure(
            _("Jumlah laporan per bulan"),
            [(label, f.volume) for label, f in months],
            ident="grafik-jumlah",
        ),
        "compliance_chart": chart_figure(
            _("Persentase selesai tepat waktu per bulan"),
            [(label, f.compliance_pct or 0) for label, f in months],
            ident="grafik-tepat-waktu",
            max_value=100,
            suffix="%",
            colour="#1e6b35",
        ),
    }


def _period(request: HttpRequest, today: dt.date) -> tuple[PeriodForm, dt.date, dt.date]:
    start, end = today.replace(month=1, day=1), today
    form = PeriodForm(request.GET if "dari" in request.GET else {"dari": start, "sampai": end})
    if form.is_valid():
        start, end = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    return form, start, end


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """All units for participation staff; an OPD head sees the OPDs they head."""
    actor: Actor | None = getattr(request, "actor", None)
    if actor is None or actor.tenant is None:
        raise PermissionDenied
    if has_perm(actor, "participation.view"):
        opd_ids = None
    elif actor.opd_ids:
        opd_ids = set(actor.opd_ids)
    else:
        raise PermissionDenied
    form, start, end = _period(request, tenant_today(actor.tenant))
    data = complaint_dashboard(actor.tenant, start, end, opd_ids)
    context = {"form": form, "dashboard": data, "start": start, "end": end, **charts(data)}
    return render(request, "participation/dashboard.html", context)


@require_GET
@public_view
@cache_control(public=True, max_age=300)
def transparency(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """IKM per unit and complaint figures of this year; aggregates only, no personal data."""
    today = tenant_today(tenant)
    start = today.replace(month=1, day=1)
    forums = list(upcoming_forums(tenant, today)[:10])
    data = complaint_dashboard(tenant, start, today)
    ikm = [row for row in ikm_rows(tenant, start, today) if row.layanan == "*"]
    context = {
        "tenant": tenant,
        "dashboard": data,
        "ikm": ikm,
        "start": start,
        "end": today,
        "forums": forums,
        "links": public_links(tenant),
        **charts(data),
    }
    return render(request, "participation/transparency.html", context)
