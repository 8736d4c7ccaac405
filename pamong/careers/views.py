"""KP pages: the due list of a period, the export for BKPSDM, a candidate's file with its
checklist and the proposal's path OPD -> BKPSDM, and the decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.careers import rules
from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.forms import DecisionForm, DocumentForm, ReasonForm
from pamong.careers.models import KpDocument, KpStatus
from pamong.core import clock, spreadsheet
from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.core.web import actor_of, tenant_view
from pamong.org.models import Employee, Unit
from pamong.performance.predikat import Predikat
from pamong.tpp.engine import tax_group


def _reader(request: HttpRequest) -> Actor:
    actor = actor_of(request)
    if not sel.may_read(actor):
        raise PermissionDenied
    return actor


def run_service(request: HttpRequest, call: Any, success: str) -> bool:
    try:
        call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def period_of(request: HttpRequest, actor: Actor) -> dt.date:
    """The period asked for (`?period=YYYY-MM`), else the next KP period from today."""
    raw = request.GET.get("period", "")
    try:
        year, month = (int(x) for x in raw.split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return rules.next_kp_period(clock.today(actor.tenant))


def predikat_label(value: str | None) -> str:
    return str(Predikat(value).label) if value in Predikat.values else _("belum ada")


def _opd_choices(actor: Actor) -> list[Unit]:
    units = Unit.objects.filter(tenant=actor.tenant, parent__isnull=True)
    if not has_perm(actor, sel.VIEW):
        units = units.filter(pk__in=actor.opd_ids)
    return list(units.only("id", "code", "name"))


def _opd_of(request: HttpRequest) -> int | None:
    raw = request.GET.get("opd", "")
    return int(raw) if raw.isdigit() else None


@require_GET
@tenant_view()
def kp_list(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    period = period_of(request, actor)
    opd = _opd_of(request)
    rows = sel.kp_due(actor, period, opd_id=opd)
    if request.GET.get("format") == "csv":
        return kp_export(rows, period)
    for row in rows:
        row.predikat_labels = [predikat_label(p) for p in row.predikat]
    groups = [
        ("ready", _("Siap diusulkan"), [r for r in rows if r.verdict.ready]),
        (
            "documents",
            _("Memenuhi syarat, berkas belum lengkap"),
            [r for r in rows if not r.verdict.blockers and not r.verdict.documents_ok],
        ),
        ("blocked", _("Terhambat"), [r for r in rows if r.verdict.blockers]),
    ]
    regime = rules.regime_on(period)
    context = {
        "period": period,
        "period_value": f"{period:%Y-%m}",
        "is_period": rules.is_kp_period(period),
        "regime": regime,
        "periods": rules.kp_periods(dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)),
        "groups": groups,
        "years": rules.predikat_years(period),
        "rule_list": [
            regime.rule,
            rules.KP_YEARS_RULE,
            rules.KP_PREDIKAT_RULE,
            rules.KP_CEILING_RULE,
            rules.KP_SANCTION_RULE,
        ],
        "opds": _opd_choices(actor),
        "opd": opd,
        "can_prepare": has_perm(actor, sel.MANAGE) or actor.is_opd_head,
        "statuses": dict(KpStatus.choices),
    }
    return render(request, "careers/kp_list.html", context)


EXPORT_HEADER = [
    "periode", "nip", "nama", "opd", "jabatan", "jenis_jabatan", "pendidikan",
    "golongan_lama", "tmt_golongan_lama", "golongan_usulan", "predikat_tahun_1",
    "predikat_tahun_2", "hukuman_disiplin", "status_berkas", "status_usulan", "hambatan",
]  # fmt: skip


def kp_export(rows: list[sel.KpRow], period: dt.date) -> HttpResponse:
    """The due list as CSV with the columns BKPSDM types into SIASN (docs/formats/careers.md)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kp-{period:%Y-%m}.csv"'
    writer = spreadsheet.csv_writer(response)
    writer.writerow(EXPORT_HEADER)
    for r in rows:
        docs = (
            "belum dibuat"
            if r.documents_missing is None
            else ("lengkap" if r.documents_missing == 0 else f"kurang {r.documents_missing}")
        )
        writer.writerow(
            [
                f"{period:%Y-%m-%d}", r.nip, r.name, r.opd, r.position, r.position_kind,
                r.education, r.golongan, f"{r.tmt_pangkat:%Y-%m-%d}",
                r.verdict.target or "", r.predikat[0] or "", r.predikat[1] or "",
                "ya" if r.sanctioned else "tidak", docs, r.proposal_status or "",
                "; ".join(r.verdict.blockers),
            ]
        )  # fmt: skip
    return response


@require_POST
@tenant_view()
def kp_create(request: HttpRequest) -> HttpResponse:
    actor = _reader(request)
    period = period_of(request, actor)
    raw = request.POST.get("employee", "")
    employee: Employee = get_object_or_404(
        Employee.objects.filter(tenant=actor.tenant).select_related("position"),
        pk=int(raw) if raw.isdigit() else 0,
    )
    if not sel.employees_in_scope(actor).filter(pk=employee.pk).exists():
        raise PermissionDenied
    created: list[Any] = []
    run_service(
        request,
        lambda: created.append(
            svc.kp_proposal_create(actor=actor, employee=employee, period=period)
        ),
        _("Berkas KP dibuat."),
    )
    if created:
        return redirect("careers:kp-proposal", created[0].pk)
    return redirect(f"{reverse('careers:kp')}?period={period:%Y-%m}")


@require_GET
@tenant_view()
def kp_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    proposal = sel.get_proposal_for_actor(actor, pk)
    employee = proposal.employee
    manage = has_perm(actor, sel.MANAGE)
    editable = proposal.status in {KpStatus.DRAFT, KpStatus.RETURNED}
    rows = sel.kp_due(actor, proposal.period, employee_id=employee.pk)
    target = proposal.new_golongan or proposal.to_golongan
    context = {
        "proposal": proposal,
        "employee": employee,
        "documents": list(proposal.documents.all()),
        "row": rows[0] if rows else None,
        "years": rules.predikat_years(proposal.period),
        "predikat_labels": [predikat_label(p) for p in rows[0].predikat] if rows else [],
        "can_attach": editable and (manage or employee.opd_id in actor.opd_ids),
        "can_check": manage and proposal.status == KpStatus.SUBMITTED,
        "can_submit": editable and (manage or employee.opd_id in actor.opd_ids),
        "can_verify": manage and proposal.status == KpStatus.SUBMITTED,
        "can_return": manage and proposal.status in {KpStatus.SUBMITTED, KpStatus.VERIFIED},
        "can_decide": manage and proposal.status == KpStatus.VERIFIED,
        "decision_form": DecisionForm(
            initial={"new_golongan": proposal.to_golongan, "tmt": proposal.period}
        ),
        "tax_before": tax_group(employee.employee_type, proposal.from_golongan),
        "tax_after": tax_group(employee.employee_type, target),
    }
    return render(request, "careers/kp_proposal.html", context)


def _document(actor: Actor, pk: int) -> KpDocument:
    document: KpDocument = get_object_or_404(
        KpDocument.objects.filter(tenant=actor.tenant).select_related("proposal"), pk=pk
    )
    sel.get_proposal_for_actor(actor, document.proposal_id)  # 403 outside the actor's OPDs
    return document


@require_POST
@tenant_view()
def kp_document(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _reader(request)
    document = _document(actor, pk)
    action = request.POST.get("action", "attach")
    if action in {"verify", "reject"}:
        run_service(
            request,
            lambda: svc.kp_document_check(
                actor=actor,
                document=document,
                verified=action == "verify",
                note=request.POST.get("note", "")[:300],
            ),
            _("Pemeriksaan dokumen disimpan."),
        )
    else:
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            run_service(
                request,
                lambda: svc.kp_document_attach(
                    actor=actor,
                    document=document,
                    file=form.cleaned_data.get("file"),
                    link=form.cleaned_data.get("link") or "",
                ),
                _("Dokumen disimpan."),
            )
        else:
            for errors in form.errors.values():
                messages.error(request, str(errors[0]))
    return redirect("careers:kp-proposal", document.proposal_id)


@require_POST
@tenant_view()
def kp_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _reader(request)
    proposal = sel.get_proposal_for_actor(actor, pk)
    reason = ReasonForm(request.POST)
    text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    calls = {
        "submit": (lambda: svc.kp_proposal_submit(actor=actor, proposal=proposal),
                   _("Usulan diajukan ke BKPSDM.")),
        "verify": (lambda: svc.kp_proposal_verify(actor=actor, proposal=proposal),
                   _("Usulan diverifikasi.")),
        "return": (lambda: svc.kp_proposal_return(actor=actor, proposal=proposal, reason=text),
                   _("Usulan dikembalikan ke OPD.")),
        "reject": (lambda: svc.kp_proposal_reject(actor=actor, proposal=proposal, reason=text),
                   _("Usulan ditolak.")),
    }  # fmt: skip
    if action == "decide":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, str(errors[0]))
        else:
            run_service(
                request,
                lambda: svc.kp_decide(actor=actor, proposal=proposal, **form.cleaned_data),
                _("Keputusan kenaikan pangkat dicatat."),
            )
    elif action in calls:
        call, success = calls[action]
        run_service(request, call, success)
    else:
        raise PermissionDenied
    return redirect("careers:kp-proposal", proposal.pk)
