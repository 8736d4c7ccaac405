"""Organisation-level performance pages: index and the organisation (unit) predikat."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.web import previous_month, run_service
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Unit
from pamong.performance import services as svc
from pamong.performance.models import UnitPredikat
from pamong.performance.periods import period_choices, period_label
from pamong.performance.predikat import OrgPredikat
from pamong.performance.ranking import participation_by_opd

VIEW_ALL = "performance.view_all"


def period_of(request: HttpRequest, actor: Actor) -> str:
    period = request.GET.get("period") or request.POST.get("period") or ""
    return period if svc.ORG_PERIOD_RE.match(period) else previous_month(actor)


def settable_units(actor: Actor) -> QuerySet[Unit]:
    """Units whose predikat the actor sets: those one level below a unit they lead and,
    for BKPSDM, the OPD and any unit whose parent has no head."""
    rule = Q(parent__head_id=actor.employee_id) if actor.employee_id else Q(pk__in=[])
    if has_perm(actor, svc.MANAGE):
        rule |= Q(parent__isnull=True) | Q(parent__head__isnull=True)
    return (
        Unit.objects.filter(rule, tenant=actor.tenant)
        .exclude(head_id=actor.employee_id or 0)
        .select_related("parent", "head")
        .order_by("path")
    )


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "can_set": settable_units(actor).exists(),
        "can_follow_up": has_perm(actor, VIEW_ALL) or actor.is_opd_head or actor.is_supervisor,
        "can_calibrate": has_perm(actor, VIEW_ALL) or actor.is_opd_head,
    }
    return render(request, "performance/index.html", context)


@login_required
@require_GET
def unit_predikat_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    period = period_of(request, actor)
    units = list(settable_units(actor))
    if not units:
        raise PermissionDenied
    current = {
        up.unit_id: up
        for up in UnitPredikat.objects.filter(tenant=actor.tenant, period=period, unit__in=units)
    }
    # Citizens' view of each OPD concerned (the unit's own OPD for a bidang), same month.
    assert actor.tenant is not None
    opds: dict[int, str] = {}
    for u in units:
        opd_id = u.opd_id or u.pk
        if opd_id == u.pk:
            opds[opd_id] = u.name
    missing = {u.opd_id for u in units if u.opd_id and u.opd_id not in opds}
    opds |= dict(Unit.objects.filter(tenant=actor.tenant, pk__in=missing).values_list("pk", "name"))
    figures = participation_by_opd(actor.tenant, list(opds), period)
    context = {
        "period": period,
        "period_label": period_label(period),
        "period_choices": period_choices(clock.today(actor.tenant), period),
        "rows": [(u, current.get(u.pk)) for u in units],
        "choices": OrgPredikat.choices,
        "participation": sorted(
            ((name, figures[pk]) for pk, name in opds.items()), key=lambda row: row[0]
        ),
    }
    return render(request, "performance/unit_predikat.html", context)


@login_required
@require_POST
def unit_predikat_set(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    unit = Unit.objects.filter(tenant=actor.tenant, pk=pk).select_related("parent").first()
    if unit is None:
        raise Http404
    if not svc.can_set_unit_predikat(actor, unit):
        raise PermissionDenied
    period = request.POST.get("period", "")
    run_service(
        request,
        lambda: svc.unit_predikat_set(
            actor=actor,
            unit=unit,
            period=period,
            predikat=request.POST.get("predikat", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("Predikat unit ditetapkan."),
    )
    if not svc.ORG_PERIOD_RE.match(period):
        period = previous_month(actor)
    return redirect(f"{redirect('performance:unit-predikat').url}?{urlencode({'period': period})}")
