"""Evaluation pages: rate a subordinate, read/acknowledge/finalize, file and decide keberatan."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.annual import year_summary
from pamong.appraisal.calibration import OrgPredikat, check_distribution, rules_for, unit_counts
from pamong.appraisal.coaching_status import coaching_status
from pamong.appraisal.forms import DecisionForm, EvaluationForm, ObjectionForm
from pamong.appraisal.models import Evaluation, Objection
from pamong.appraisal.services.common import PERIOD_RE, is_annual
from pamong.appraisal.views import actor_of, previous_month, run_service
from pamong.appraisal.views_calibration import calibration_actions
from pamong.core.bulk import missing_results, run_each, selected_ids
from pamong.core.confirm import irreversible, require_confirmed
from pamong.core.permissions import opds_in_view
from pamong.core.web import bulk_results
from pamong.org.models import Employee, Unit
from pamong.performance.models import UnitPredikat
from pamong.performance.periods import is_rating_period, period_choices, period_label
from pamong.performance.predikat import HASIL_KERJA_FOR_ORG, Predikat
from pamong.performance.services import headed_unit_predikat


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, employee_pk: int) -> HttpResponse:
    actor = actor_of(request)
    employee = (
        Employee.objects.filter(tenant=actor.tenant, pk=employee_pk)
        .select_related("position", "unit", "supervisor")
        .first()
    )
    if employee is None:
        raise Http404
    period = request.GET.get("period") or previous_month(actor)
    annual = is_annual(period)
    # The direct supervisor or, for the month, the Plt. pejabat penilai; never oneself.
    # BKPSDM records the kepala daerah's rating of the Sekda.
    valid = annual or PERIOD_RE.match(period)
    if not (valid and svc.may_rate(actor, employee, period)):
        raise PermissionDenied
    for_kepala_daerah = svc.rates_for_kepala_daerah(actor, employee, period)
    existing = Evaluation.objects.filter(
        tenant=actor.tenant, employee=employee, period=period
    ).first()
    followed = headed_unit_predikat(employee, period)
    if request.method == "POST":
        form = EvaluationForm(
            request.POST,
            annual=is_annual(request.POST.get("period", "")),
            for_kepala_daerah=for_kepala_daerah,
        )
        if form.is_valid():
            try:
                evaluation = svc.evaluation_rate(
                    actor=actor, employee=employee, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Penilaian disimpan."))
                return redirect("appraisal:evaluation", evaluation.pk)
    else:
        initial = {"period": period}
        if existing is not None:
            initial |= {
                "hasil_kerja": existing.hasil_kerja,
                "perilaku_kerja": existing.perilaku_kerja,
                "reason": existing.reason,
            }
        if followed is not None:
            initial["hasil_kerja"] = HASIL_KERJA_FOR_ORG[followed.predikat]
        if for_kepala_daerah:
            initial["kepala_daerah"] = (
                existing.kepala_daerah if existing is not None and existing.kepala_daerah else ""
            ) or svc.last_kepala_daerah(actor)
        form = EvaluationForm(initial=initial, annual=annual, for_kepala_daerah=for_kepala_daerah)
    context = {
        "employee": employee,
        "form": form,
        "existing": existing,
        "followed": followed,
        "period": period,
        "for_kepala_daerah": for_kepala_daerah,
        # The annual predikat weighs the year's periodic ratings (PermenPANRB 6/2022).
        "summary": year_summary(employee, int(period)) if annual else None,
        "coaching": coaching_status(
            actor,
            employee,
            int(period),
            existing.predikat if existing is not None else "",
            svc.tenant_today(actor),
        )
        if annual
        else None,
    }
    return render(request, "appraisal/evaluate.html", context)


def _objection_note(
    evaluation: Evaluation, deadline: dt.date | None, pending: bool, today: dt.date
) -> str:
    """When the employee can file a keberatan, and why (not) now."""
    days = svc.objection_days()
    if evaluation.by_kepala_daerah:
        return str(svc.NO_OBJECTION_KEPALA_DAERAH)
    if pending:
        return _("Keberatan Anda sedang diperiksa atasan pejabat penilai; tunggu keputusannya.")
    if deadline is None:
        return _(
            "Keberatan dapat diajukan setelah penilaian ini ditetapkan, paling lambat "
            "%(days)s hari sejak penetapan. Penilaian ini belum ditetapkan."
        ) % {"days": days}
    if today > deadline:
        return _(
            "Batas waktu keberatan (%(days)s hari sejak penetapan) sudah lewat pada %(deadline)s."
        ) % {"days": days, "deadline": deadline.isoformat()}
    return _(
        "Anda dapat mengajukan keberatan sampai %(deadline)s (%(days)s hari sejak penetapan). "
        "Keberatan diputus oleh atasan pejabat penilai."
    ) % {"days": days, "deadline": deadline.isoformat()}


@login_required
@require_GET
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    evaluation = sel.get_evaluation_for_actor(actor, pk)
    is_employee = evaluation.employee_id == actor.employee_id
    deadline = svc.objection_deadline(evaluation)
    pending = evaluation.objections.filter(status=Objection.Status.FILED).exists()
    context = {
        "objection_note": _objection_note(evaluation, deadline, pending, svc.tenant_today(actor))
        if is_employee
        else "",
        "evaluation": evaluation,
        "is_employee": is_employee,
        "can_acknowledge": is_employee and evaluation.status == Evaluation.Status.RATED,
        "can_finalize": evaluation.status != Evaluation.Status.FINALIZED
        and svc.can_finalize(actor, evaluation),
        "can_object": is_employee
        and not evaluation.by_kepala_daerah
        and deadline is not None
        and svc.tenant_today(actor) <= deadline
        and not pending,
        "deadline": deadline,
        "objections": list(evaluation.objections.all()),
        "objection_form": ObjectionForm(),
        "summary": year_summary(evaluation.employee, int(evaluation.period))
        if is_annual(evaluation.period)
        else None,
        "coaching": coaching_status(
            actor,
            evaluation.employee,
            int(evaluation.period),
            evaluation.predikat,
            svc.tenant_today(actor),
        )
        if is_annual(evaluation.period)
        else None,
    }
    return render(request, "appraisal/evaluation.html", context)


@login_required
@require_POST
def evaluation_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    evaluation = sel.get_evaluation_for_actor(actor, pk)
    run_service(
        request,
        lambda: svc.evaluation_acknowledge(actor=actor, evaluation=evaluation),
        _("Penilaian diterima."),
    )
    return redirect("appraisal:evaluation", evaluation.pk)


@login_required
@require_POST
@irreversible
def finalize_bulk(request: HttpRequest) -> HttpResponse:
    """Finalise the checked ratings waiting for the actor; a result per item."""
    actor = actor_of(request)
    require_confirmed(request)
    wanted = selected_ids(request.POST.getlist("ids"))
    items = list(sel.evaluations_to_finalize(actor).filter(pk__in=wanted))
    results = run_each(
        items,
        lambda e: f"{e.period} {e.employee.name}",
        lambda e: svc.evaluation_finalize(actor=actor, evaluation=e),
        _("ditetapkan"),
    ) + missing_results(wanted, (e.pk for e in items))
    return bulk_results(request, _("Penetapan penilaian"), results, reverse("appraisal:index"))


@login_required
@require_POST
@irreversible
def evaluation_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    evaluation = sel.get_evaluation_for_actor(actor, pk)
    require_confirmed(request)
    run_service(
        request,
        lambda: svc.evaluation_finalize(actor=actor, evaluation=evaluation),
        _("Penilaian ditetapkan."),
    )
    return redirect("appraisal:evaluation", evaluation.pk)


@login_required
@require_POST
def objection_file(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    evaluation = sel.get_evaluation_for_actor(actor, pk)
    text = request.POST.get("text", "")
    run_service(
        request,
        lambda: svc.objection_file(actor=actor, evaluation=evaluation, text=text),
        _("Keberatan diajukan."),
    )
    return redirect("appraisal:evaluation", evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def objection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    objection = sel.get_objection_for_actor(actor, pk)
    can_decide = objection.status == Objection.Status.FILED and svc.can_decide(actor, objection)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.objection_decide(
                    actor=actor,
                    objection=objection,
                    upheld=data["decision"] == "upheld",
                    reason=data["reason"],
                    hasil_kerja=data["hasil_kerja"],
                    perilaku_kerja=data["perilaku_kerja"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Keberatan diputuskan."))
                return redirect("appraisal:objection", objection.pk)
    context = {"objection": objection, "form": form, "can_decide": can_decide}
    return render(request, "appraisal/objection.html", context)


def _percent(n: int, total: int) -> int:
    """Whole percent, half up, in integers."""
    return (200 * n + total) // (2 * total) if total else 0


@login_required
@require_GET
def calibration(request: HttpRequest) -> HttpResponse:
    """Predikat distribution of one OPD for one month or year, checked against §1.6."""
    actor = actor_of(request)
    opds = Unit.objects.filter(tenant=actor.tenant, parent__isnull=True).order_by("code")
    allowed = opds_in_view(actor, sel.VIEW_ALL)
    if allowed is not None:
        if not allowed:
            raise PermissionDenied
        opds = opds.filter(pk__in=allowed)
    opd_list = list(opds)
    if not opd_list:
        raise Http404
    try:
        opd_id = int(request.GET.get("opd") or opd_list[0].pk)
    except ValueError as exc:
        raise Http404 from exc
    opd = next((u for u in opd_list if u.pk == opd_id), None)
    if opd is None:
        if Unit.objects.filter(tenant=actor.tenant, pk=opd_id).exists():
            raise PermissionDenied
        raise Http404
    units = list(Unit.objects.filter(tenant=actor.tenant, opd=opd).order_by("path"))
    chosen = request.GET.get("unit")
    unit = next((u for u in units if str(u.pk) == chosen), None) if chosen else opd
    if unit is None:
        raise Http404
    # A month or, for the annual rating, the year.
    period = request.GET.get("period") or previous_month(actor)
    if not is_rating_period(period):
        period = previous_month(actor)
    # The pattern follows the predikat the leader one level up set for the unit; without
    # one the page previews the pattern of a chosen predikat.
    stored = UnitPredikat.objects.filter(tenant=actor.tenant, unit=unit, period=period).first()
    org_predikat = stored.predikat if stored else request.GET.get("org_predikat", "baik")
    if org_predikat not in OrgPredikat.values:
        org_predikat = OrgPredikat.BAIK
    assert actor.tenant is not None
    counts = unit_counts(actor.tenant, unit, period)
    total = sum(counts.values())
    rows = [
        (label, counts.get(value, 0), _percent(counts.get(value, 0), total))
        for value, label in Predikat.choices
    ]
    assert actor.tenant is not None
    context = {
        "opds": opd_list,
        "opd": opd,
        "units": units,
        "unit": unit,
        "stored": stored,
        "period": period,
        "period_label": period_label(period),
        "period_choices": period_choices(svc.tenant_today(actor), period),
        "org_predikat": org_predikat,
        "org_choices": OrgPredikat.choices,
        "rows": rows,
        "total": total,
        "violations": check_distribution(counts, org_predikat, rules_for(actor.tenant)),
    }
    context |= calibration_actions(request, actor, unit, period)
    return render(request, "appraisal/calibration.html", context)
