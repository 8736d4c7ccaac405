"""Calibration actions: adjust one rating with a reason, finalise (lock) the unit's period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.appraisal import selectors as sel
from pamong.appraisal import services as svc
from pamong.appraisal.calibration import in_unit
from pamong.appraisal.models import CalibrationLock, Evaluation
from pamong.appraisal.views import actor_of
from pamong.core.actor import Actor
from pamong.core.confirm import irreversible, require_confirmed
from pamong.org.models import Unit
from pamong.performance.models import Rating
from pamong.performance.predikat import Expectation, Predikat

LIST_LIMIT = 200


def calibration_actions(
    request: HttpRequest, actor: Actor, unit: Unit, period: str
) -> dict[str, Any]:
    """Context for the calibration page: the lock, and the ratings the leader may adjust."""
    codes = unit.path.split("/") if unit.path else [unit.code]
    lock = (
        CalibrationLock.objects.filter(tenant=actor.tenant, period=period, unit__code__in=codes)
        .select_related("unit", "finalized_by")
        .first()
    )
    show = request.GET.get("show", "")
    # The list reads the same rows the count does (performance.Rating, imported ratings
    # included), with the rating's evaluation where Pamong made one.
    ratings = (
        Rating.objects.filter(in_unit(unit), tenant=actor.tenant, period=period)
        .select_related("employee")
        .order_by("predikat", "employee__name", "employee__nip")
    )
    if show in Predikat.values:
        ratings = ratings.filter(predikat=show)
    listed = list(ratings[:LIST_LIMIT])
    evaluations = {
        e.employee_id: e
        for e in Evaluation.objects.filter(
            tenant=actor.tenant, period=period, employee_id__in=[r.employee_id for r in listed]
        ).select_related("penilai", "recorded_by")
    }
    return {
        "lock": lock,
        "can_calibrate": lock is None and svc.can_calibrate(actor, unit),
        "evaluations": listed,
        "adjust_rows": adjust_rows(listed, evaluations, actor),
        "list_limit": LIST_LIMIT,
        "show": show,
        # Plain strings: the lazy labels would be translated again in each of the 200 rows.
        "predikat_choices": [(v, str(label)) for v, label in Predikat.choices],
    }


@dataclass(frozen=True, slots=True)
class AdjustRow:
    """One rating on the calibration page, with every string the row shows."""

    pk: int
    name: str
    penilai: str
    predikat: str
    status: str
    url: str  # empty for an imported rating: there is no evaluation to open
    adjust_url: str
    adjustable: bool
    hasil_kerja_options: SafeString
    perilaku_kerja_options: SafeString


def adjust_rows(
    ratings: list[Rating], evaluations: dict[int, Evaluation], actor: Actor
) -> list[AdjustRow]:
    """Rows for up to 200 ratings, built here: per row the template spent much of the
    page's time on URL reversing, label translation and 2 selects × 3 options."""
    predikat = {v: str(label) for v, label in Predikat.choices}
    status = {v: str(label) for v, label in Evaluation.Status.choices}
    imported = _("impor (e-Kinerja)")
    options = {v: expectation_options(v) for v in Expectation.values}
    # Reverse once and fill in the id: the patterns end in "<int:pk>/".
    url = reverse("appraisal:evaluation", args=[0])[:-2]
    adjust_url = reverse("appraisal:calibration-adjust", args=[0])[:-2]
    rows = []
    for r in ratings:
        e = evaluations.get(r.employee_id)
        rows.append(
            AdjustRow(
                pk=e.pk if e else 0,
                name=r.employee.name,
                penilai=e.penilai_label if e else "—",
                predikat=predikat.get(r.predikat, r.predikat),
                status=status.get(e.status, e.status) if e else imported,
                url=f"{url}{e.pk}/" if e else "",
                adjust_url=f"{adjust_url}{e.pk}/" if e else "",
                adjustable=e is not None
                and e.status != Evaluation.Status.FINALIZED
                and e.employee_id != actor.employee_id,
                hasil_kerja_options=options.get(r.hasil_kerja)
                or expectation_options(r.hasil_kerja),
                perilaku_kerja_options=options.get(r.perilaku_kerja)
                or expectation_options(r.perilaku_kerja),
            )
        )
    return rows


def expectation_options(selected: str) -> SafeString:
    """The <option>s of an expectation select; the labels follow the active language."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, mark_safe(" selected") if v == selected else "", str(label))
         for v, label in Expectation.choices),
    )  # fmt: skip


def _back(unit: Unit, period: str, opd_id: int) -> HttpResponse:
    params: dict[str, str | int] = {"opd": opd_id, "unit": unit.pk, "period": period}
    query = urlencode(params)
    return redirect(f"{redirect('appraisal:calibration').url}?{query}")


@login_required
@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    evaluation = sel.get_evaluation_for_actor(actor, pk)
    employee = evaluation.employee
    unit = Unit.objects.get(pk=employee.unit_id)
    if not svc.can_calibrate(actor, unit):
        raise PermissionDenied
    try:
        svc.calibration_adjust(
            actor=actor,
            evaluation=evaluation,
            hasil_kerja=request.POST.get("hasil_kerja", ""),
            perilaku_kerja=request.POST.get("perilaku_kerja", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Penilaian %(name)s disesuaikan.") % {"name": employee.name})
    back = Unit.objects.filter(tenant=actor.tenant, pk=request.POST.get("unit") or 0).first()
    back = back or unit
    return _back(back, evaluation.period, back.opd_id or back.pk)


@login_required
@require_POST
@irreversible
def finalize(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError as exc:
        raise Http404 from exc
    unit = Unit.objects.filter(tenant=actor.tenant, pk=unit_id).first()
    if unit is None:
        raise Http404
    if not svc.can_calibrate(actor, unit):
        raise PermissionDenied
    require_confirmed(request)
    period = request.POST.get("period", "")
    try:
        lock = svc.calibration_finalize(
            actor=actor,
            unit=unit,
            period=period,
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Periode %(period)s ditetapkan untuk %(unit)s.")
            % {"period": lock.period, "unit": unit.name},
        )
    return _back(unit, period, unit.opd_id or unit.pk)
