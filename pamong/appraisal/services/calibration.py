"""Rapat evaluasi: the leader adjusts ratings against the pattern, then finalises (locks).

A period is a month or a year (the annual rating, period `YYYY`): the same rules apply."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.appraisal.calibration import (
    check_distribution,
    in_unit,
    lock_for,
    rules_for,
    unit_counts,
)
from pamong.appraisal.models import CalibrationLock, Evaluation
from pamong.appraisal.services.common import (
    EVALUATION_FIELDS,
    FINALIZE_PERM,
    check_evaluation_period,
    same_tenant,
)
from pamong.appraisal.services.evaluation import (
    _check_ratings,
    _write_rating,
    check_head_follows_unit,
)
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm
from pamong.org.models import Unit
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import predikat_for


def can_calibrate(actor: Actor, unit: Unit) -> bool:
    """The head of the unit's OPD, or BKPSDM."""
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        return False
    return (unit.opd_id or unit.pk) in actor.opd_ids or has_perm(actor, FINALIZE_PERM)


@transaction.atomic
def calibration_adjust(
    *, actor: Actor, evaluation: Evaluation, hasil_kerja: str, perilaku_kerja: str, reason: str
) -> Evaluation:
    same_tenant(actor, evaluation)
    employee = evaluation.employee
    if actor.employee_id == employee.pk or not can_calibrate(actor, employee.unit):
        raise PermissionDenied(_("Hanya pimpinan OPD atau BKPSDM yang dapat menyesuaikan."))
    if evaluation.status == Evaluation.Status.FINALIZED or lock_for(employee, evaluation.period):
        raise ValidationError(
            _("Penilaian yang sudah ditetapkan hanya dapat diubah melalui keberatan.")
        )
    if not reason.strip():
        raise ValidationError(_("Alasan penyesuaian wajib diisi."))
    check_head_follows_unit(employee, evaluation.period, hasil_kerja)
    _check_ratings(hasil_kerja, perilaku_kerja, reason)
    before = snapshot(evaluation, EVALUATION_FIELDS)
    evaluation.hasil_kerja, evaluation.perilaku_kerja = hasil_kerja, perilaku_kerja
    evaluation.predikat = predikat_for(hasil_kerja, perilaku_kerja)
    evaluation.reason = reason.strip()
    evaluation.save()
    _write_rating(actor, evaluation)
    audit(
        actor=actor,
        action="appraisal.evaluation.calibrated",
        obj=evaluation,
        before=before,
        after=snapshot(evaluation, EVALUATION_FIELDS),
    )
    return evaluation


@transaction.atomic
def calibration_finalize(
    *, actor: Actor, unit: Unit, period: str, override_reason: str = ""
) -> CalibrationLock:
    if not can_calibrate(actor, unit):
        raise PermissionDenied(_("Hanya pimpinan OPD atau BKPSDM yang dapat menetapkan."))
    check_evaluation_period(period)  # a month, or the year of the annual rating
    assert actor.tenant is not None
    codes = unit.path.split("/") if unit.path else [unit.code]
    if CalibrationLock.objects.filter(
        tenant=unit.tenant, period=period, unit__code__in=codes
    ).exists():
        raise ValidationError(_("Periode ini sudah ditetapkan untuk unit ini."))
    org = UnitPredikat.objects.filter(tenant=unit.tenant, unit=unit, period=period).first()
    if org is None:
        raise ValidationError(
            _("Predikat kinerja unit belum ditetapkan oleh pimpinan satu tingkat di atasnya.")
        )
    violations = check_distribution(
        unit_counts(unit.tenant, unit, period), org.predikat, rules_for(actor.tenant)
    )
    override_reason = override_reason.strip()
    if violations and not override_reason:
        raise ValidationError(_("Distribusi menyimpang dari pola; tuliskan alasan penetapan."))
    lock = CalibrationLock.objects.create(
        tenant=unit.tenant,
        unit=unit,
        period=period,
        org_predikat=org.predikat,
        violations=[v.message for v in violations],
        override_reason=override_reason,
        finalized_by=actor.user,
    )
    # The leader's own rating is finalised by their own superior, not here.
    open_evaluations = (
        Evaluation.objects.filter(in_unit(unit), tenant=unit.tenant, period=period)
        .exclude(status=Evaluation.Status.FINALIZED)
        .exclude(employee_id=actor.employee_id or 0)
    )
    ids = list(open_evaluations.values_list("id", flat=True))
    employee_ids = list(open_evaluations.values_list("employee_id", flat=True))
    Evaluation.objects.filter(pk__in=ids).update(
        status=Evaluation.Status.FINALIZED, finalized_at=timezone.now(), finalized_by=actor.user
    )
    Rating.objects.filter(tenant=unit.tenant, period=period, employee_id__in=employee_ids).update(
        finalized=True
    )
    audit(
        actor=actor,
        action="appraisal.calibration.finalized",
        obj=lock,
        data={
            "unit": unit.pk,
            "period": period,
            "org_predikat": org.predikat,
            "violations": lock.violations,
            "override_reason": override_reason,
            "evaluations": ids,
        },
    )
    return lock
