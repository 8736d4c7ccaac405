"""Leave rules pages: the BKPSDM admin lists, creates, edits and deletes the tenant's rule
rows (whole Pemda or one OPD) through config.rule_set / rule_delete, the service the CLI
(`pamong leave rule`) uses; employees read the rules that apply to them in plain words."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.attendance.models import LeaveType
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.permissions import has_perm
from pamong.core.web import actor_of, is_fragment_request, tenant_view, vary_on_htmx
from pamong.org.models import Employee, Unit

from . import config
from .forms import RuleEditForm
from .models import Approver, LeaveRule, ReasonCategory
from .rules import DEFAULT_RULES, merge_rows, split_reasons
from .selectors import get_rule_for_actor

NUMBERS = ("attachment_over_days", "max_months", "min_service_years", "early_days")


def _opds(actor: Actor) -> list[tuple[int, str]]:
    return list(
        Unit.objects.filter(tenant=actor.tenant, parent__isnull=True)
        .order_by("code")
        .values_list("pk", "name")
    )


def _opd(actor: Actor, value: str) -> Unit | None:
    """The chosen OPD: the form only offers this tenant's top-level units."""
    if not value:
        return None
    return Unit.objects.get(tenant=actor.tenant, pk=int(value), parent__isnull=True)


def _row_summary(row: LeaveRule) -> list[tuple[str, str]]:
    """The fields a row sets, as (label, value); empty fields keep the default."""
    out: list[tuple[str, str]] = []
    if row.approver:
        out.append((_("Pejabat"), str(Approver(row.approver).label)))
    if row.min_service_years is not None:
        out.append((_("Masa kerja minimal (tahun)"), str(row.min_service_years)))
    if row.max_months is not None:
        out.append((_("Paling lama (bulan)"), str(row.max_months)))
    if row.attachment_over_days is not None:
        out.append(
            (_("Lampiran wajib jika lebih dari (hari kerja)"), str(row.attachment_over_days))
        )
    if row.attachment_label:
        out.append((_("Nama lampiran"), row.attachment_label))
    if row.early_days is not None:
        out.append((_("Cuti tahunan PPPK < 1 tahun (hari kerja)"), str(row.early_days)))
    if row.early_reasons:
        labels = [str(ReasonCategory(r).label) for r in split_reasons(row.early_reasons)]
        out.append((_("Alasan PPPK < 1 tahun"), ", ".join(labels)))
    return out


@require_GET
@tenant_view(perms=("leave.manage",))
def rules(request: HttpRequest) -> HttpResponse:
    """Each type's rule for the whole Pemda (defaults merged), then the OPD overrides."""
    actor = actor_of(request)
    rows = config.rule_rows(actor)  # one query, units joined
    tenant_rows = {r.kind: r for r in rows if r.unit_id is None}
    types = []
    for kind in LeaveType.values:
        row = tenant_rows.get(kind)
        rule = merge_rows(kind, [row] if row is not None else [])
        types.append(
            {
                "kind": kind,
                "label": LeaveType(kind).label,
                "rule": rule,
                "row": row,
                "summary": _row_summary(row) if row is not None else [],
                "sentences": config.plain_language(rule),
            }
        )
    overrides = [
        {"row": r, "label": LeaveType(r.kind).label, "summary": _row_summary(r)}
        for r in rows
        if r.unit_id is not None
    ]
    return render(request, "leave/rules.html", {"types": types, "overrides": overrides})


def _initial(row: LeaveRule) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "kind": row.kind,
        "unit": str(row.unit_id or ""),
        "approver": row.approver,
        "attachment_label": row.attachment_label,
        "early_reasons": list(split_reasons(row.early_reasons)),
    }
    for name in NUMBERS:
        initial[name] = getattr(row, name)
    return initial


def _changes(data: dict[str, Any]) -> dict[str, Any]:
    """Every rule field, None where left empty (back to the default)."""
    changes: dict[str, Any] = {
        "approver": data["approver"] or None,
        "attachment_label": data["attachment_label"].strip() or None,
        "early_reasons": list(data["early_reasons"]) or None,
    }
    for name in NUMBERS:
        changes[name] = data[name]
    return changes


@require_http_methods(["GET", "POST"])
@tenant_view(perms=("leave.manage",))
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a rule row (pk None; ?kind=&unit= preselect) or edit one of this tenant."""
    actor = actor_of(request)
    row = get_rule_for_actor(actor, pk) if pk is not None else None
    opds = _opds(actor)
    if row is not None:
        initial = _initial(row)
    else:
        initial = {"kind": request.GET.get("kind", ""), "unit": request.GET.get("unit", "")}
    form = RuleEditForm(request.POST or None, initial=initial, opds=opds, fixed=row is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if row is not None:
            kind, unit = row.kind, row.unit
        else:
            kind = data["kind"]
            unit = _opd(actor, data["unit"])
        try:
            config.rule_set(actor=actor, kind=kind, unit=unit, **_changes(data))
        except InputErrors as exc:
            form.add_input_errors(exc)
        else:
            messages.success(request, _("Aturan cuti disimpan."))
            return redirect("leave:rules")
    context = {"form": form, "row": row, "default": DEFAULT_RULES.get(initial.get("kind") or "")}
    return render(request, "leave/rule_form.html", context, status=400 if form.errors else 200)


@require_POST
@tenant_view(perms=("leave.manage",))
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    row = get_rule_for_actor(actor, pk)  # another tenant's rule: 404
    config.rule_delete(actor=actor, rule=row)
    if is_fragment_request(request):
        return vary_on_htmx(HttpResponse(""))  # the row's place in the table is emptied
    messages.success(request, _("Aturan cuti dihapus; jenis cuti ini kembali ke aturan bawaan."))
    return redirect("leave:rules")


@require_GET
@tenant_view()
def rules_info(request: HttpRequest) -> HttpResponse:
    """The rules that apply to me (my OPD's, else the Pemda's), in plain words."""
    actor = actor_of(request)
    opd_id = None
    if actor.employee_id is not None:
        opd_id = (
            Employee.objects.filter(tenant=actor.tenant, pk=actor.employee_id)
            .values_list("opd_id", flat=True)
            .first()
        )
    rules_ = config.rules_for_opd(actor, opd_id)
    types = [
        {"label": LeaveType(r.kind).label, "sentences": config.plain_language(r)} for r in rules_
    ]
    context = {"types": types, "can_manage": has_perm(actor, "leave.manage")}
    return render(request, "leave/rules_info.html", context)
