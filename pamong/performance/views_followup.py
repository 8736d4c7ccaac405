"""Tindak lanjut pages: candidate lists and the coaching plan (pembinaan)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.web import previous_month
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Employee
from pamong.performance import followup as fu
from pamong.performance import pembinaan as pb
from pamong.performance.forms import CloseForm, CoachingForm, CoachingUpdateForm
from pamong.performance.models import CoachingPlan, Rating
from pamong.performance.views_pembinaan import sessions_context


@login_required
@require_GET
def followup(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    period = request.GET.get("period") or previous_month(actor)
    if not fu.ANY_PERIOD_RE.match(period):
        period = previous_month(actor)
    recognition = list(fu.ratings_in_scope(actor, period, fu.RECOGNITION)[:500])
    coaching = list(fu.ratings_in_scope(actor, period, fu.NEEDS_COACHING)[:500])
    plans = {
        p.employee_id: p
        for p in CoachingPlan.objects.filter(
            tenant=actor.tenant,
            period=period,
            kind=CoachingPlan.Kind.FOLLOW_UP,
            employee__in=[r.employee_id for r in coaching],
        )
    }
    context = {
        "period": period,
        "recognition": recognition,
        # Offer a new plan only where coaching_new would open (auditors read, never coach).
        "coaching": [
            (r, plans.get(r.employee_id), fu.can_coach(actor, r.employee)) for r in coaching
        ],
        "open_plans": list(fu.plans_in_scope(actor).filter(status="open")[:200]),
    }
    return render(request, "performance/followup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def coaching_new(request: HttpRequest, employee_pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = Employee.objects.filter(tenant=actor.tenant, pk=employee_pk).first()
    if employee is None:
        raise Http404
    if not fu.can_coach(actor, employee):
        raise PermissionDenied
    period = request.GET.get("period", "")
    rating = Rating.objects.filter(tenant=actor.tenant, employee=employee, period=period).first()
    form = CoachingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = fu.coaching_create(
                actor=actor, employee=employee, period=period, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Rencana pembinaan disimpan."))
            return redirect("performance:coaching", plan.pk)
    context = {"employee": employee, "period": period, "rating": rating, "form": form}
    return render(request, "performance/coaching_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def coaching_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = pb.get_plan(actor, pk)
    # The follow-up kind keeps its update form; every kind has sessions and a close form.
    can_edit = (
        plan.kind == CoachingPlan.Kind.FOLLOW_UP
        and plan.status == CoachingPlan.Status.OPEN
        and fu.can_coach(actor, plan.employee)
    )
    initial = {k: getattr(plan, k) for k in ("goals", "actions", "follow_up_date", "outcome")}
    form = CoachingUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                fu.coaching_update(actor=actor, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Rencana pembinaan diperbarui."))
                return redirect("performance:coaching", plan.pk)
    context = {"form": form, "can_edit": can_edit, "close_form": CloseForm()}
    context |= sessions_context(actor, plan)
    return render(request, "performance/coaching.html", context)
