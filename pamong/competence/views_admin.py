"""BKPSDM pages: partners and their agreements, the programme form, settings and budgets,
and the 20 JP dashboards (tenant and OPD)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core import clock
from pamong.core.errors import InputErrors
from pamong.core.web import actor_of, tenant_view
from pamong.org.models import Unit

from . import services, stats, uploads
from .forms import AgreementForm, BudgetForm, InstitutionForm, ProgrammeForm, SettingsForm
from .models import Agreement, Institution, TrainingBudget
from .selectors import (
    can_manage,
    can_see_dashboard,
    dashboard_opd_ids,
    get_institution_for_actor,
    get_programme_for_actor,
    settings_of,
)
from .views import PAGE_SIZE, _year

MANAGE = ("competence.manage",)
VIEW = ("competence.view_all", "competence.manage")


@require_GET
@tenant_view(perms=VIEW)
def institutions(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = Institution.objects.filter(tenant=actor.tenant).order_by("name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "competence/institutions.html",
        {"page_obj": page, "can_manage": can_manage(actor)},
    )


@require_http_methods(["GET", "POST"])
@tenant_view(perms=MANAGE)
def institution_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    institution = get_institution_for_actor(actor, pk) if pk else None
    initial = (
        {k: getattr(institution, k) for k in ("name", "kind", "address", "contact")}
        if institution
        else None
    )
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.institution_save(
                actor=actor, institution=institution, **form.cleaned_data
            )
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Lembaga mitra disimpan."))
            return redirect("competence:institution", pk=saved.pk)
    status = 400 if form.errors else 200
    return render(
        request, "competence/form.html",
        {"form": form, "title": _("Lembaga mitra"), "back": "competence:institutions"},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@tenant_view(perms=VIEW)
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    institution = get_institution_for_actor(actor, pk)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage(actor):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.agreement_add(
                    actor=actor, institution=institution, number=data["number"],
                    start=data["start"], end=data["end"], upload=data["file"],
                )  # fmt: skip
            except InputErrors as exc:
                form.add_input_errors(exc)
            else:
                messages.success(request, _("Perjanjian kerja sama dicatat."))
                return redirect("competence:institution", pk=pk)
    context = {
        "institution": institution,
        "agreements": institution.agreements.order_by("-start"),
        "programmes": institution.programmes.order_by("-start")[:50],
        "form": form,
        "can_manage": can_manage(actor),
        "today": clock.today(actor.tenant),
    }
    return render(
        request, "competence/institution_detail.html", context, status=400 if form.errors else 200
    )


@require_GET
@tenant_view(perms=VIEW)
def agreement_file(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    agreement = Agreement.objects.filter(tenant=actor.tenant, pk=pk).first()
    if agreement is None or not agreement.file:
        raise Http404
    return uploads.file_response(agreement.file, agreement.content_type, f"mou-{agreement.pk}")


@require_http_methods(["GET", "POST"])
@tenant_view(perms=MANAGE)
def programme_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    actor = actor_of(request)
    programme = get_programme_for_actor(actor, pk, write=True) if pk else None
    initial = None
    if programme is not None:
        initial = {f: getattr(programme, f) for f in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial, tenant=actor.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.programme_save(actor=actor, programme=programme, **form.cleaned_data)
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("competence:programme", pk=saved.pk)
    status = 400 if form.errors else 200
    return render(
        request, "competence/form.html",
        {"form": form, "title": _("Program pengembangan"), "back": "competence:catalogue"},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@tenant_view(perms=VIEW)
def settings_page(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    assert actor.tenant is not None
    pns_min, pppk_max, rules = settings_of(actor.tenant.pk)
    form = SettingsForm(
        request.POST or None,
        initial={"pns_min_jp": pns_min, "pppk_max_jp": pppk_max},
        rules=rules,
    )
    budget_form = BudgetForm(initial={"year": clock.today(actor.tenant).year}, tenant=actor.tenant)
    if request.method == "POST":
        if not can_manage(actor):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.settings_update(
                    actor=actor,
                    pns_min_jp=form.cleaned_data["pns_min_jp"],
                    pppk_max_jp=form.cleaned_data["pppk_max_jp"],
                    recognition=form.recognition(),
                )
            except InputErrors as exc:
                form.add_input_errors(exc)
            else:
                messages.success(request, _("Pengaturan disimpan."))
                return redirect("competence:settings")
    budgets = TrainingBudget.objects.filter(tenant=actor.tenant).select_related("opd")
    context = {
        "form": form,
        "rules": rules,
        "budget_form": budget_form,
        "budgets": budgets.order_by("-year", "opd__path"),
        "can_manage": can_manage(actor),
    }
    return render(request, "competence/settings.html", context, status=400 if form.errors else 200)


@require_POST
@tenant_view(perms=MANAGE)
def budget_set(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = BudgetForm(request.POST, tenant=actor.tenant)
    if form.is_valid():
        data = form.cleaned_data
        services.budget_set(actor=actor, year=data["year"], amount=data["amount"], opd=data["opd"])
        messages.success(request, _("Anggaran disimpan."))
    else:
        messages.error(request, _("Anggaran tidak valid."))
    return redirect("competence:settings")


@require_GET
@tenant_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not can_see_dashboard(actor):
        raise PermissionDenied
    assert actor.tenant is not None
    year = _year(request, clock.today(actor.tenant).year)
    pns_min, pppk_max, _rules = settings_of(actor.tenant.pk)
    board = stats.dashboard(actor.tenant, year, pns_min, pppk_max, dashboard_opd_ids(actor))
    return render(request, "competence/dashboard.html", {"board": board, "year": year})


@require_GET
@tenant_view()
def dashboard_opd(request: HttpRequest, pk: int) -> HttpResponse:
    """One OPD: its figures and the employees below their yearly JP."""
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
    pns_min, pppk_max, _rules = settings_of(actor.tenant.pk)
    board = stats.dashboard(actor.tenant, year, pns_min, pppk_max, frozenset({pk}))
    show_all = request.GET.get("semua") == "1"
    people: Any = stats.employees_with_jp(actor.tenant, year, pns_min, pppk_max, frozenset({pk}))
    if not show_all:
        people = people.filter(jp__lt=stats.threshold_expr(pns_min, pppk_max))
    people = people.select_related("unit").order_by("jp", "name")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "row": board.rows[0] if board.rows else None,
        "board": board,
        "year": year,
        "page_obj": page,
        "show_all": show_all,
    }
    return render(request, "competence/dashboard_opd.html", context)
