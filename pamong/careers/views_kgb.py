"""KGB pages (due list per month, postponement, draft letter, recording), the career settings
and the sanctions that careers read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.careers import rules
from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.forms import KgbRecordForm, PostponeForm, SanctionForm, SettingsForm
from pamong.careers.letter import kgb_letter
from pamong.careers.models import DEFAULT_KP_DOCUMENTS, Sanction
from pamong.careers.paytables import PAY_TABLES, gaji_pokok
from pamong.careers.views import _opd_choices, _opd_of, _reader, predikat_label, run_service
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.pdf import pdf_response
from pamong.core.permissions import has_perm, require
from pamong.core.web import tenant_view
from pamong.org.models import Employee


def month_of(request: HttpRequest, actor: Actor) -> dt.date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return clock.this_month(actor.tenant)


@require_GET
@tenant_view()
def kgb_list(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    month = month_of(request, actor)
    rows = sel.kgb_due(actor, month, opd_id=_opd_of(request))
    for row in rows:
        row.predikat_label = predikat_label(row.predikat)
    context = {
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "prev_month": f"{rules.add_months(month, -1):%Y-%m}",
        "next_month": f"{rules.add_months(month, 1):%Y-%m}",
        "rows": rows,
        "rule_list": [rules.KGB_RHYTHM_RULE, rules.KGB_PREDIKAT_RULE],
        "tables": PAY_TABLES,
        "opds": _opd_choices(actor),
        "opd": _opd_of(request),
        "can_manage": has_perm(actor, sel.MANAGE),
        "postpone_form": PostponeForm(),
        "record_form": KgbRecordForm(),
        "predikat_year": month.year - 1,
    }
    return render(request, "careers/kgb_list.html", context)


def _employee(actor: Actor, pk: int) -> Employee:
    employee: Employee = get_object_or_404(
        Employee.objects.filter(tenant=actor.tenant).select_related("position", "unit"), pk=pk
    )
    if not sel.employees_in_scope(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return employee


@require_GET
@tenant_view()
def kgb_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    employee = _employee(actor, pk)
    row = sel.kgb_row_for(actor, employee)
    if row is None:
        messages.error(request, _("Data TMT gaji berkala dan MKG pegawai ini belum lengkap."))
        return redirect("careers:kgb")
    old = gaji_pokok(employee.employee_type, employee.golongan, row.mkg_years, row.tmt_kgb)
    assert actor.tenant is not None
    content = kgb_letter(row, employee, actor.tenant.name, old.amount)
    return pdf_response(content, f"kgb-{employee.nip}.pdf")


def _back(request: HttpRequest) -> HttpResponse:
    month = request.POST.get("month", "")
    return redirect(f"{reverse('careers:kgb')}?month={month}" if month else reverse("careers:kgb"))


@require_POST
@tenant_view(perms=(sel.MANAGE,))
def kgb_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    employee = _employee(actor, pk)
    form = PostponeForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: svc.kgb_postpone(actor=actor, employee=employee, **form.cleaned_data),
            _("KGB ditunda."),
        )
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    return _back(request)


@require_POST
@tenant_view(perms=(sel.MANAGE,))
def kgb_record(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    employee = _employee(actor, pk)
    form = KgbRecordForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: svc.kgb_record(actor=actor, employee=employee, **form.cleaned_data),
            _("Kenaikan gaji berkala dicatat."),
        )
    else:
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
    return _back(request)


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
def settings_view(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    assert actor.tenant is not None
    config = sel.settings_for(actor.tenant)
    initial: dict[str, Any] = {
        "education_ceiling": "\n".join(f"{k} = {v}" for k, v in config.education_ceiling.items()),
        "sanction_blocks_kp": config.sanction_blocks_kp,
        "kgb_predikat": config.kgb_predikat,
        "kgb_postpone_months": config.kgb_postpone_months,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(actor, sel.MANAGE)
        if form.is_valid() and run_service(
            request,
            lambda: svc.settings_update(actor=actor, **form.cleaned_data),
            _("Pengaturan karier disimpan."),
        ):
            return redirect("careers:settings")
    context = {
        "form": form,
        "config": config,
        "is_default": config.pk is None,
        "default_documents": DEFAULT_KP_DOCUMENTS,
        "can_manage": has_perm(actor, sel.MANAGE),
        "regimes": rules.KP_REGIMES,
        "rule_list": [
            rules.KP_YEARS_RULE,
            rules.KP_PREDIKAT_RULE,
            rules.KP_CEILING_RULE,
            rules.KP_SANCTION_RULE,
            rules.KGB_RHYTHM_RULE,
            rules.KGB_PREDIKAT_RULE,
        ],
        "tables": PAY_TABLES,
    }
    return render(request, "careers/settings.html", context)


@require_http_methods(["GET", "POST"])
@tenant_view(perms=(sel.VIEW,))
def sanctions(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    form = SanctionForm(request.POST or None)
    if request.method == "POST":
        require(actor, sel.MANAGE)
        if form.is_valid():
            data = dict(form.cleaned_data)
            employee = Employee.objects.filter(tenant=actor.tenant, nip=data.pop("nip")).first()
            if employee is None:
                messages.error(request, _("NIP tidak ditemukan."))
            elif run_service(
                request,
                lambda: svc.sanction_create(actor=actor, employee=employee, **data),
                _("Hukuman disiplin dicatat."),
            ):
                return redirect("careers:sanctions")
    rows = (
        Sanction.objects.filter(tenant=actor.tenant)
        .select_related("employee")
        .order_by("-starts")[:200]
    )
    context = {"form": form, "rows": rows, "can_manage": has_perm(actor, sel.MANAGE)}
    return render(request, "careers/sanctions.html", context)
