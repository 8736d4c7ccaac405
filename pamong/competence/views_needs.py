"""Needs analysis (AKPK) pages and the individual development plan (IDP)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core import clock
from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view
from pamong.org.models import Unit
from pamong.org.selectors import get_employee_for_actor

from . import needs
from .forms import DecisionForm, InputErrorsMixin
from .models import CompetencyKind, DevelopmentPlan, DevelopmentPlanItem, ProgrammeKind
from .selectors import can_see_dashboard, dashboard_opd_ids
from .views import _year


class ProposalForm(InputErrorsMixin, forms.Form):
    competency_kind = forms.ChoiceField(
        label=gettext_lazy("Jenis kompetensi"), choices=CompetencyKind.choices
    )
    need = forms.CharField(label=gettext_lazy("Kebutuhan pengembangan"), max_length=300)
    kind = forms.ChoiceField(
        label=gettext_lazy("Bentuk yang diusulkan"), choices=ProgrammeKind.choices
    )


class ItemForm(InputErrorsMixin, forms.Form):
    activity = forms.CharField(label=gettext_lazy("Kegiatan yang direncanakan"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Bentuk"), choices=ProgrammeKind.choices)
    competency_kind = forms.ChoiceField(
        label=gettext_lazy("Jenis kompetensi"), choices=CompetencyKind.choices
    )
    jp = forms.IntegerField(label=gettext_lazy("JP"), min_value=1, max_value=1000)


class GoalsForm(forms.Form):
    goals = forms.CharField(
        label=gettext_lazy("Tujuan pengembangan"), max_length=4000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


@dataclass
class NeedsRow:
    unit: Unit
    any: int = 0
    predikat: int = 0
    gaps: int = 0
    proposals: int = 0


@require_GET
@tenant_view()
def needs_overview(request: HttpRequest) -> HttpResponse:
    """Per OPD: how many employees have a need from each source."""
    actor = actor_of(request)
    if not can_see_dashboard(actor):
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    opd_ids = dashboard_opd_ids(actor)
    units = Unit.objects.filter(tenant=actor.tenant, parent__isnull=True)
    if opd_ids is not None:
        units = units.filter(pk__in=opd_ids)
    rows = {u.pk: NeedsRow(u) for u in units.order_by("path")}
    for need in needs.needs(actor.tenant, year, opd_ids):
        row = rows.get(need.employee.opd_id or 0)
        if row is None:
            continue
        row.any += 1
        row.predikat += bool(need.predikat)
        row.gaps += bool(need.open_gaps)
        row.proposals += bool(need.proposals)
    return render(request, "competence/needs.html", {"rows": rows.values(), "year": year})


@require_GET
@tenant_view()
def needs_opd(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    if not can_see_dashboard(actor):
        raise PermissionDenied
    assert actor.tenant is not None
    unit = Unit.objects.filter(tenant=actor.tenant, pk=pk, parent__isnull=True).first()
    if unit is None:
        raise Http404
    allowed = dashboard_opd_ids(actor)
    if allowed is not None and pk not in allowed:
        raise PermissionDenied
    year = _year(request, clock.today(actor.tenant).year)
    rows = needs.needs(actor.tenant, year, frozenset({pk}))
    return render(
        request,
        "competence/needs_opd.html",
        {"unit": unit, "year": year, "rows": rows[:500], "total": len(rows)},
    )


@require_http_methods(["GET", "POST"])
@tenant_view()
def my_plan(request: HttpRequest) -> HttpResponse:
    """My IDP for the year: goals, planned activities, my own proposals; submit to supervisor."""
    actor = actor_of(request)
    if actor.employee_id is None:
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    plan = needs.plan_for(actor, year)
    forms_ = {
        "item_form": ItemForm(),
        "proposal_form": ProposalForm(),
        "goals_form": GoalsForm(initial={"goals": plan.goals}),
    }
    if request.method == "POST":
        try:
            _my_plan_post(request, plan, year, forms_)
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        if not any(f.errors for f in forms_.values()):
            return redirect(f"{request.path}?tahun={year}")
        plan.refresh_from_db()
    context = _plan_context(plan, year, own=True, **forms_)
    return render(
        request, "competence/plan.html", context, status=400 if request.method == "POST" else 200
    )


def _my_plan_post(
    request: HttpRequest, plan: DevelopmentPlan, year: int, forms_: dict[str, forms.Form]
) -> None:
    actor = actor_of(request)
    action = request.POST.get("action")
    if action == "goals":
        form: forms.Form = GoalsForm(request.POST)
        forms_["goals_form"] = form
        if form.is_valid():
            needs.plan_update(actor=actor, plan=plan, goals=form.cleaned_data["goals"])
    elif action == "item":
        form = forms_["item_form"] = ItemForm(request.POST)
        if form.is_valid():
            needs.plan_item_add(actor=actor, plan=plan, **form.cleaned_data)
    elif action == "remove":
        item = DevelopmentPlanItem.objects.filter(
            tenant=actor.tenant, plan=plan, pk=request.POST.get("item") or 0
        ).first()
        if item is None:
            raise Http404
        needs.plan_item_remove(actor=actor, item=item)
    elif action == "submit":
        needs.plan_submit(actor=actor, plan=plan)
        messages.success(request, _("Rencana dikirim ke atasan."))
    elif action == "proposal":
        form = forms_["proposal_form"] = ProposalForm(request.POST)
        if form.is_valid():
            employee = get_employee_for_actor(actor, plan.employee_id)
            needs.proposal_add(actor=actor, employee=employee, year=year, **form.cleaned_data)


def _plan_context(plan: DevelopmentPlan, year: int, **extra: object) -> dict[str, object]:
    planned, done = needs.plan_progress(plan)
    context: dict[str, object] = {
        "plan": plan,
        "year": year,
        "items": plan.items.all(),
        "planned": planned,
        "done": done,
        "proposals": plan_proposals(plan, year),
    }
    context.update(extra)
    return context


def plan_proposals(plan: DevelopmentPlan, year: int) -> object:
    from .models import DevelopmentProposal

    return DevelopmentProposal.objects.filter(
        tenant=plan.tenant_id, employee_id=plan.employee_id, year=year
    ).order_by("id")


@require_http_methods(["GET", "POST"])
@tenant_view()
def team_plan(request: HttpRequest, employee_pk: int) -> HttpResponse:
    """A subordinate's IDP for the supervisor: agree or return it, and add proposals."""
    actor = actor_of(request)
    employee = get_employee_for_actor(actor, employee_pk)
    if actor.employee_id is None or employee.supervisor_id != actor.employee_id:
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    plan, _created = DevelopmentPlan.objects.get_or_create(
        tenant=actor.tenant, employee=employee, year=year
    )
    proposal_form = ProposalForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "proposal":
                proposal_form = ProposalForm(request.POST)
                if proposal_form.is_valid():
                    needs.proposal_add(
                        actor=actor, employee=employee, year=year, **proposal_form.cleaned_data
                    )
                    proposal_form = ProposalForm()
            else:
                form = DecisionForm(request.POST)
                if form.is_valid():
                    needs.plan_agree(
                        actor=actor,
                        plan=plan,
                        agree=form.cleaned_data["decision"] == "approve",
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, _("Keputusan atas rencana disimpan."))
        except InputErrors as exc:
            for error in exc.errors:
                messages.error(request, error.message)
        if not proposal_form.errors:
            return redirect(f"{request.path}?tahun={year}")
    context = _plan_context(
        plan, year, proposal_form=proposal_form, decision_form=DecisionForm(), own=False,
        employee=employee,
    )  # fmt: skip
    return render(request, "competence/plan.html", context)


@require_GET
@tenant_view()
def team_plans(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_supervisor:
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    from pamong.org.models import Employee

    team = Employee.objects.filter(tenant=actor.tenant, pk__in=actor.subordinate_ids).order_by(
        "name"
    )
    status = dict(
        DevelopmentPlan.objects.filter(
            tenant=actor.tenant, year=year, employee_id__in=actor.subordinate_ids
        ).values_list("employee_id", "status")
    )
    labels = dict(DevelopmentPlan.Status.choices)
    rows = [(e, labels.get(status.get(e.pk, ""), "—")) for e in team]
    return render(request, "competence/team_plans.html", {"rows": rows, "year": year})
