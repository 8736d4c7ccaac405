"""Employee detail, "my profile" and the edit form (through org.services.employee_update)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.careers.selectors import next_dates
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.models import AuditLog
from pamong.core.permissions import has_perm
from pamong.core.web import DATE_WIDGET, actor_of, tenant_view
from pamong.org.models import (
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Employee,
    EmployeeHistory,
    EmployeeStatus,
    EmployeeType,
    Gender,
    Position,
    Unit,
)
from pamong.org.selectors import (
    can_see_employee,
    employees_visible_to,
    get_employee_for_actor,
    supervisor_chain,
)
from pamong.org.services import employee_update
from pamong.ui.audit_display import audit_rows

# PNS and PPPK ranks use different scales: show them as two groups.
GOLONGAN_CHOICES: list[tuple[str, list[tuple[str, str]]]] = [
    ("PNS / CPNS", [(g, g) for g in PNS_GOLONGAN]),
    ("PPPK", [(g, g) for g in PPPK_GOLONGAN]),
]

EDIT_FIELDS = [
    "name", "gender", "birth_date", "employee_type", "golongan", "position", "unit",
    "supervisor_explicit", "status", "tmt_unit", "end_date", "email", "phone", "bank_name",
    "bank_account", "contract_start", "contract_end",
]  # fmt: skip


def employee_audit_entries(actor: Actor, employee: Employee) -> list[AuditLog]:
    # AuditLog is not scoped by django-scopes: the tenant filter here is the isolation.
    return list(
        AuditLog.objects.filter(
            tenant=actor.tenant, object_type="org.employee", object_id=str(employee.pk)
        ).select_related("actor_user__employee")[:50]
    )


@require_GET
@tenant_view()
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = get_employee_for_actor(actor, pk)
    chain = [(boss, can_see_employee(actor, boss)) for boss in supervisor_chain(employee)]
    subordinates = (
        employees_visible_to(actor)
        .filter(supervisor=employee)
        .select_related("position")
        .order_by("name")
    )
    context: dict[str, Any] = {
        "employee": employee,
        "chain": chain,
        "subordinates": subordinates,
        "history": EmployeeHistory.objects.filter(tenant=actor.tenant, employee=employee),
        "can_edit": has_perm(actor, "org.change"),
        "is_me": employee.pk == actor.employee_id,
        "career": next_dates(employee, clock.today(actor.tenant)),
    }
    if has_perm(actor, "audit.view"):
        context["show_audit"] = True
        context["audit_rows"] = audit_rows(employee_audit_entries(actor, employee))
    return render(request, "ui/employees/detail.html", context)


@require_GET
@tenant_view()
def my_profile(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.employee_id is None:
        raise Http404
    return redirect("ui:employee-detail", pk=actor.employee_id)


class EmployeeForm(forms.Form):
    """Input shape only; the rules (NIP, golongan, supervisor cycles) live in the service."""

    name = forms.CharField(label=_("Nama"), max_length=200)
    gender = forms.ChoiceField(label=_("Jenis kelamin"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE_WIDGET)
    employee_type = forms.ChoiceField(label=_("Jenis pegawai"), choices=EmployeeType.choices)
    golongan = forms.ChoiceField(label=_("Golongan"), choices=GOLONGAN_CHOICES)
    position: forms.ModelChoiceField[Position] = forms.ModelChoiceField(
        label=_("Jabatan"), queryset=Position.objects.none()
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Unit.objects.none()
    )
    supervisor_nip = forms.CharField(
        label=_("NIP atasan langsung"),
        required=False,
        max_length=18,
        help_text=_("Kosongkan agar atasan ditentukan dari struktur unit."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=EmployeeStatus.choices)
    tmt_unit = forms.DateField(label=_("TMT di pemda"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Tanggal berhenti"), required=False, widget=DATE_WIDGET)
    contract_start = forms.DateField(
        label=_("Mulai kontrak (PPPK)"), required=False, widget=DATE_WIDGET
    )
    contract_end = forms.DateField(
        label=_("Akhir kontrak (PPPK)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Perjanjian kerja yang berlaku; menentukan penangguhan cuti tahunan PPPK "
            "(lebih dari 2 tahun: sampai 18 hari, lebih dari 3 tahun: sampai 24 hari)."
        ),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Telepon"), required=False, max_length=30)
    bank_name = forms.CharField(label=_("Bank"), required=False, max_length=60)
    bank_account = forms.CharField(label=_("Nomor rekening"), required=False, max_length=30)
    effective = forms.DateField(
        label=_("Berlaku mulai"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Tanggal berlakunya perubahan jabatan, unit, golongan atau status."),
    )

    def __init__(self, *args: Any, employee: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employee = employee
        tenant_id = employee.tenant_id
        self.fields["position"].queryset = Position.objects.filter(tenant_id=tenant_id)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.filter(tenant_id=tenant_id).order_by("path")  # type: ignore[attr-defined]

    def clean_supervisor_nip(self) -> Employee | None:
        nip = self.cleaned_data["supervisor_nip"].strip()
        if not nip:
            return None
        boss = Employee.objects.filter(tenant_id=self.employee.tenant_id, nip=nip).first()
        if boss is None:
            raise ValidationError(_("Tidak ada pegawai dengan NIP ini."))
        return boss


def _initial(employee: Employee) -> dict[str, Any]:
    initial = {f: getattr(employee, f) for f in EDIT_FIELDS if f != "supervisor_explicit"}
    boss = employee.supervisor_explicit
    initial["supervisor_nip"] = boss.nip if boss else ""
    return initial


def _apply_errors(form: EmployeeForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    aliases = {"supervisor_explicit": "supervisor_nip", "supervisor": "supervisor_nip"}
    for field, errors in exc.error_dict.items():
        name = aliases.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@tenant_view()
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = get_employee_for_actor(actor, pk, write=True)
    if request.method == "POST":
        form = EmployeeForm(request.POST, employee=employee)
        if form.is_valid():
            data = dict(form.cleaned_data)
            effective: dt.date = data.pop("effective") or clock.today(actor.tenant)
            data["supervisor_explicit"] = data.pop("supervisor_nip")
            try:
                employee_update(actor=actor, employee=employee, effective=effective, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, gettext("Data pegawai disimpan."))
                return redirect("ui:employee-detail", pk=employee.pk)
    else:
        form = EmployeeForm(initial=_initial(employee), employee=employee)
    return render(request, "ui/employees/edit.html", {"employee": employee, "form": form})
