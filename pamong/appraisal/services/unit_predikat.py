"""The unit head's hasil kerja follows the organisation predikat of their unit (SE MenPANRB
3/2023, domain.md §1.6): when BKPSDM or the parent unit's head sets it, the head's open
evaluation of the period is re-rated."""

from __future__ import annotations

from typing import Any

from pamong.appraisal.models import Evaluation
from pamong.appraisal.services.common import EVALUATION_FIELDS
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import HASIL_KERJA_FOR_ORG, predikat_for
from pamong.performance.services import follow_reason


def follow_unit_predikat(actor: Actor, unit_predikat: UnitPredikat, **_kwargs: Any) -> None:
    """Re-rate the head's open evaluation of the period; a finalised one changes only
    through an upheld objection. Connected to `unit_predikat_changed` (apps.py)."""
    up = unit_predikat
    head_id = up.unit.head_id
    if head_id is None:
        return
    evaluation = (
        Evaluation.objects.select_for_update()
        .filter(tenant=up.tenant, employee_id=head_id, period=up.period)
        .exclude(status=Evaluation.Status.FINALIZED)
        .first()
    )
    hasil = HASIL_KERJA_FOR_ORG[up.predikat]
    if evaluation is None or evaluation.hasil_kerja == hasil:
        return
    before = snapshot(evaluation, EVALUATION_FIELDS)
    evaluation.hasil_kerja = hasil
    evaluation.predikat = predikat_for(hasil, evaluation.perilaku_kerja)
    evaluation.reason = " ".join(filter(None, [evaluation.reason, follow_reason(up)]))
    evaluation.status = Evaluation.Status.RATED
    evaluation.save()
    Rating.objects.filter(tenant=up.tenant, employee=evaluation.employee, period=up.period).update(
        hasil_kerja=hasil, predikat=evaluation.predikat
    )
    audit(
        actor=actor,
        action="appraisal.evaluation.follows_unit",
        obj=evaluation,
        before=before,
        after=snapshot(evaluation, EVALUATION_FIELDS),
        data={"unit_predikat": up.pk},
    )
