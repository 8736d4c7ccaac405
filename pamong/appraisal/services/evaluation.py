"""Periodic and annual evaluation mirrored into performance.Rating; finalization, keberatan.

The annual evaluation (period `YYYY`) takes the same path as a month: one service, the same
rules, audit and Rating mirror; the penilai sees the year's periodic ratings (annual.py)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.appraisal.calibration import lock_for
from pamong.appraisal.models import Evaluation, Objection
from pamong.appraisal.services.acting import penilai_id_for
from pamong.appraisal.services.common import (
    EVALUATION_FIELDS,
    FINALIZE_PERM,
    check_evaluation_period,
    check_expectation,
    is_annual,
    is_owner,
    objection_days,
    same_tenant,
    tenant_today,
)
from pamong.appraisal.services.skp import KEPALA_DAERAH, is_sekda
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm
from pamong.org.models import Employee
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import HASIL_KERJA_FOR_ORG, Expectation, predikat_for
from pamong.performance.services import follow_reason, headed_unit_predikat

# --- Periodic evaluation ------------------------------------------------------------------


def _locked(employee: Employee, period: str) -> bool:

    return lock_for(employee, period) is not None


def _write_rating(actor: Actor, evaluation: Evaluation) -> Rating:
    """Mirror the evaluation into performance.Rating so TPP reads it like an import."""
    rating, _created = Rating.objects.update_or_create(
        tenant=evaluation.tenant,
        employee=evaluation.employee,
        period=evaluation.period,
        defaults={
            "hasil_kerja": evaluation.hasil_kerja,
            "perilaku_kerja": evaluation.perilaku_kerja,
            "predikat": evaluation.predikat,
            "source": Rating.Source.PAMONG,
            "rated_by": actor.user,
            "finalized": evaluation.status == Evaluation.Status.FINALIZED,
        },
    )
    return rating


def _check_ratings(hasil_kerja: str, perilaku_kerja: str, reason: str) -> None:
    check_expectation(hasil_kerja, _("hasil kerja"))
    check_expectation(perilaku_kerja, _("perilaku kerja"))
    both_sesuai = hasil_kerja == Expectation.SESUAI and perilaku_kerja == Expectation.SESUAI
    if not both_sesuai and not reason.strip():
        raise ValidationError(
            _("Alasan wajib diisi bila hasil kerja atau perilaku kerja tidak sesuai ekspektasi.")
        )


def _check_started(period: str, today: dt.date) -> None:
    if is_annual(period):
        # Penilaian akhir tahun (PermenPANRB 6/2022): from December of the year on.
        if period > f"{today.year}" or (period == f"{today.year}" and today.month < 12):
            raise ValidationError(
                _("Penilaian tahunan %(year)s dapat diberikan mulai Desember %(year)s.")
                % {"year": period}
            )
    elif period > today.strftime("%Y-%m"):
        raise ValidationError(_("Periode yang belum berjalan tidak dapat dinilai."))


def check_head_follows_unit(
    employee: Employee, period: str, hasil_kerja: str
) -> UnitPredikat | None:
    """A unit head's hasil kerja follows the unit's predikat (SE 3/2023), whoever sets it:
    the penilai or the leader in calibration. The unit predikat, or None for others."""
    followed = headed_unit_predikat(employee, period)
    if followed is not None:
        expected = HASIL_KERJA_FOR_ORG[followed.predikat]
        if hasil_kerja != expected:
            raise ValidationError(
                _(
                    "Hasil kerja kepala unit mengikuti predikat unit %(unit)s "
                    "(%(predikat)s): %(expected)s."
                )
                % {
                    "unit": followed.unit.name,
                    "predikat": followed.get_predikat_display(),
                    "expected": Expectation(expected).label,
                }
            )
    return followed


def rated_by_kepala_daerah(employee: Employee, period: str) -> bool:
    """The Sekda, with no supervisor nor Plt. pejabat penilai, is rated by the kepala daerah."""
    return penilai_id_for(employee, period) is None and is_sekda(employee)


def rates_for_kepala_daerah(actor: Actor, employee: Employee, period: str) -> bool:
    """BKPSDM records the kepala daerah's rating of the Sekda (the kepala daerah has no
    account); never one's own rating."""
    return (
        actor.tenant is not None
        and employee.tenant_id == actor.tenant.pk
        and not actor.is_system
        and has_perm(actor, FINALIZE_PERM)
        and not is_owner(actor, employee.pk)
        and rated_by_kepala_daerah(employee, period)
    )


def may_rate(actor: Actor, employee: Employee, period: str) -> bool:
    """The pejabat penilai (direct supervisor or Plt.), or BKPSDM for the kepala daerah."""
    if is_owner(actor, employee.pk):
        return False
    own = actor.employee_id is not None and penilai_id_for(employee, period) == actor.employee_id
    return own or rates_for_kepala_daerah(actor, employee, period)


def last_kepala_daerah(actor: Actor) -> str:
    """The name of the kepala daerah on the tenant's latest rating recorded for them."""
    return (
        Evaluation.objects.filter(tenant=actor.tenant, penilai__isnull=True)
        .exclude(kepala_daerah="")
        .order_by("-updated_at", "-id")
        .values_list("kepala_daerah", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def evaluation_rate(
    *,
    actor: Actor,
    employee: Employee,
    period: str,
    hasil_kerja: str,
    perilaku_kerja: str,
    reason: str = "",
    kepala_daerah: str = "",
) -> Evaluation:
    """Rate as pejabat penilai; BKPSDM rates the Sekda on the kepala daerah's behalf, with
    the kepala daerah's name (`kepala_daerah`)."""
    same_tenant(actor, employee)
    if is_owner(actor, employee.pk):
        raise PermissionDenied(_("Anda tidak dapat menilai diri sendiri."))
    check_evaluation_period(period)
    for_kepala_daerah = rates_for_kepala_daerah(actor, employee, period)
    if not for_kepala_daerah and (
        actor.employee_id is None or penilai_id_for(employee, period) != actor.employee_id
    ):
        raise PermissionDenied(
            _("Hanya pejabat penilai (atasan langsung atau Plt.) yang dapat menilai pegawai ini.")
        )
    kepala_daerah = " ".join(kepala_daerah.split())[:200] if for_kepala_daerah else ""
    if for_kepala_daerah and not kepala_daerah:
        raise ValidationError(
            {"kepala_daerah": _("Nama kepala daerah yang memberi penilaian wajib diisi.")}
        )
    _check_started(period, tenant_today(actor))
    if _locked(employee, period):
        raise ValidationError(_("Periode ini sudah ditetapkan dalam rapat evaluasi."))
    followed = check_head_follows_unit(employee, period, hasil_kerja)
    if followed is not None and not reason.strip() and perilaku_kerja == Expectation.SESUAI:
        reason = follow_reason(followed)
    _check_ratings(hasil_kerja, perilaku_kerja, reason)
    evaluation = (
        Evaluation.objects.select_for_update()
        .filter(tenant=employee.tenant, employee=employee, period=period)
        .first()
    )
    before = snapshot(evaluation, EVALUATION_FIELDS) if evaluation else None
    if evaluation is not None and evaluation.status == Evaluation.Status.FINALIZED:
        raise ValidationError(
            _("Penilaian yang sudah ditetapkan hanya dapat diubah melalui keberatan.")
        )
    if evaluation is None:
        # A rating finalized elsewhere (e-Kinerja import) may already have been paid on.
        if Rating.objects.filter(
            tenant=employee.tenant, employee=employee, period=period, finalized=True
        ).exists():
            raise ValidationError(_("Penilaian bulan ini sudah ditetapkan di luar Pamong."))
        evaluation = Evaluation(tenant=employee.tenant, employee=employee, period=period)
    evaluation.penilai_id = None if for_kepala_daerah else actor.employee_id
    evaluation.kepala_daerah = kepala_daerah
    evaluation.recorded_by = actor.user if for_kepala_daerah else None
    evaluation.hasil_kerja = hasil_kerja
    evaluation.perilaku_kerja = perilaku_kerja
    evaluation.reason = reason.strip()
    evaluation.predikat = predikat_for(hasil_kerja, perilaku_kerja)
    evaluation.status = Evaluation.Status.RATED
    evaluation.save()
    _write_rating(actor, evaluation)
    audit(
        actor=actor,
        action="appraisal.evaluation.rated",
        obj=evaluation,
        before=before,
        after=snapshot(evaluation, EVALUATION_FIELDS),
        data={"period": period, "annual": is_annual(period)}
        | (
            {"on_behalf_of": KEPALA_DAERAH, "kepala_daerah": kepala_daerah}
            if for_kepala_daerah
            else {}
        ),
    )
    return evaluation


@transaction.atomic
def evaluation_acknowledge(*, actor: Actor, evaluation: Evaluation) -> Evaluation:
    same_tenant(actor, evaluation)
    if not is_owner(actor, evaluation.employee_id):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat menerima penilaian."))
    if evaluation.status != Evaluation.Status.RATED:
        raise ValidationError(_("Penilaian ini tidak menunggu tanda terima."))
    evaluation.status = Evaluation.Status.ACKNOWLEDGED
    evaluation.save()
    audit(actor=actor, action="appraisal.evaluation.acknowledged", obj=evaluation)
    return evaluation


def can_finalize(actor: Actor, evaluation: Evaluation) -> bool:
    if is_owner(actor, evaluation.employee_id) or (
        evaluation.penilai_id is not None and is_owner(actor, evaluation.penilai_id)
    ):
        return False
    # The kepala daerah has no superior in Pamong: BKPSDM finalizes their ratings.
    higher = (
        actor.employee_id is not None
        and evaluation.penilai is not None
        and evaluation.penilai.supervisor_id == actor.employee_id
    )
    return higher or (not actor.is_system and has_perm(actor, FINALIZE_PERM))


@transaction.atomic
def evaluation_finalize(*, actor: Actor, evaluation: Evaluation) -> Evaluation:
    same_tenant(actor, evaluation)
    if not can_finalize(actor, evaluation):
        raise PermissionDenied(
            _("Hanya atasan pejabat penilai atau admin BKPSDM yang dapat menetapkan penilaian.")
        )
    if evaluation.status == Evaluation.Status.FINALIZED:
        raise ValidationError(_("Penilaian ini sudah ditetapkan."))
    evaluation.status = Evaluation.Status.FINALIZED
    evaluation.finalized_at = timezone.now()
    evaluation.finalized_by = actor.user
    evaluation.save()
    Rating.objects.filter(
        tenant=evaluation.tenant, employee=evaluation.employee, period=evaluation.period
    ).update(finalized=True)
    audit(actor=actor, action="appraisal.evaluation.finalized", obj=evaluation)
    return evaluation


# Keberatan goes to the atasan pejabat penilai (domain.md §1.7); the kepala daerah has none.
NO_OBJECTION_KEPALA_DAERAH = gettext_lazy(
    "Penilaian ini diberikan oleh kepala daerah, yang tidak memiliki atasan pejabat penilai: "
    "keberatan tidak diajukan melalui Pamong."
)


def objection_deadline(evaluation: Evaluation) -> dt.date | None:
    if evaluation.finalized_at is None:
        return None
    tz = ZoneInfo(evaluation.tenant.timezone)
    finalized_on = timezone.localtime(evaluation.finalized_at, tz).date()
    return finalized_on + dt.timedelta(days=objection_days())


@transaction.atomic
def objection_file(*, actor: Actor, evaluation: Evaluation, text: str) -> Objection:
    same_tenant(actor, evaluation)
    if not is_owner(actor, evaluation.employee_id):
        raise PermissionDenied(_("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."))
    deadline = objection_deadline(evaluation)
    if evaluation.status != Evaluation.Status.FINALIZED or deadline is None:
        raise ValidationError(_("Keberatan hanya dapat diajukan atas penilaian yang ditetapkan."))
    if evaluation.penilai_id is None:
        raise ValidationError(NO_OBJECTION_KEPALA_DAERAH)
    if tenant_today(actor) > deadline:
        raise ValidationError(
            _("Batas waktu keberatan (%(days)d hari setelah penetapan) sudah lewat.")
            % {"days": objection_days()}
        )
    if evaluation.objections.filter(status=Objection.Status.FILED).exists():
        raise ValidationError(_("Masih ada keberatan yang belum diputuskan."))
    if not text.strip():
        raise ValidationError(_("Isi keberatan wajib diisi."))
    objection = Objection.objects.create(
        tenant=evaluation.tenant, evaluation=evaluation, text=text.strip(), deadline=deadline
    )
    audit(
        actor=actor,
        action="appraisal.objection.filed",
        obj=objection,
        data={"evaluation": evaluation.pk},
    )
    return objection


def can_decide(actor: Actor, objection: Objection) -> bool:
    penilai = objection.evaluation.penilai
    return (
        actor.employee_id is not None
        and penilai is not None
        and penilai.supervisor_id == actor.employee_id
    )


@transaction.atomic
def objection_decide(
    *,
    actor: Actor,
    objection: Objection,
    upheld: bool,
    reason: str = "",
    hasil_kerja: str = "",
    perilaku_kerja: str = "",
) -> Objection:
    same_tenant(actor, objection)
    evaluation = objection.evaluation
    if is_owner(actor, evaluation.employee_id) or not can_decide(actor, objection):
        raise PermissionDenied(_("Hanya atasan pejabat penilai yang dapat memutus keberatan."))
    if objection.status != Objection.Status.FILED:
        raise ValidationError(_("Keberatan ini sudah diputuskan."))
    reason = reason.strip()
    if upheld:
        _check_ratings(hasil_kerja, perilaku_kerja, reason)
        before = snapshot(evaluation, EVALUATION_FIELDS)
        evaluation.hasil_kerja = hasil_kerja
        evaluation.perilaku_kerja = perilaku_kerja
        evaluation.predikat = predikat_for(hasil_kerja, perilaku_kerja)
        if reason:
            evaluation.reason = reason
        evaluation.save()
        _write_rating(actor, evaluation)
        audit(
            actor=actor,
            action="appraisal.evaluation.changed_by_objection",
            obj=evaluation,
            before=before,
            after=snapshot(evaluation, EVALUATION_FIELDS),
            data={"objection": objection.pk},
        )
    elif not reason:
        raise ValidationError(_("Alasan penolakan keberatan wajib diisi."))
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.decided_by_id = actor.employee_id
    objection.decision_reason = reason
    objection.decided_at = timezone.now()
    objection.save()
    audit(
        actor=actor,
        action=f"appraisal.objection.{objection.status}",
        obj=objection,
        data={"evaluation": evaluation.pk, "reason": reason},
    )
    return objection
