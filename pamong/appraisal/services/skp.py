"""SKP planning: RHK, indicators, submission and approval, realisation, feedback."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.appraisal.models import FeedbackNote, Indicator, Realisation, Rhk, Skp, SkpVersion
from pamong.appraisal.services.common import (
    Status,
    check_period,
    is_owner,
    is_supervisor_of,
    require_editable,
    require_owner,
    same_tenant,
    tenant_today,
)
from pamong.appraisal.services.pk_link import check_pk_item
from pamong.core import uploads
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm
from pamong.kinerja_org.models import PerjanjianKinerjaItem
from pamong.org.models import Employee
from pamong.org.selectors import sekda_of


class _Keep(Enum):
    KEEP = "keep"


KEEP: Literal[_Keep.KEEP] = _Keep.KEEP


def skp_snapshot(skp: Skp) -> dict[str, Any]:
    rhks = []
    for rhk in skp.rhks.prefetch_related("indicators").order_by("kind", "order", "id"):
        rhks.append(
            {
                "id": rhk.pk,
                "text": rhk.text,
                "kind": rhk.kind,
                "parent_rhk": rhk.parent_rhk_id,
                "pk_item": rhk.pk_item_id,
                "indicators": [
                    {
                        "aspect": i.aspect,
                        "text": i.text,
                        "target": i.target,
                        "target_number": str(i.target_number)
                        if i.target_number is not None
                        else None,
                        "target_unit": i.target_unit,
                    }
                    for i in rhk.indicators.all()
                ],
            }
        )
    return {
        "year": skp.year,
        "employee": skp.employee_id,
        "rhks": rhks,
        "lampiran": {
            "resources": skp.resources,
            "accountability": skp.accountability,
            "consequences": skp.consequences,
        },
        "special_expectations": skp.special_expectations,
    }


def _record_version(actor: Actor, skp: Skp) -> None:
    SkpVersion.objects.create(
        tenant=skp.tenant,
        skp=skp,
        version=skp.version,
        status=skp.status,
        snapshot=skp_snapshot(skp),
        created_by=actor.user,
    )


# --- SKP planning -------------------------------------------------------------------------


KEPALA_DAERAH = "kepala_daerah"


def is_sekda(employee: Employee) -> bool:
    return sekda_of(employee.tenant) == employee if employee.tenant_id else False


def skp_year_problem(year: int, today: dt.date) -> str | None:
    """Next year's SKP can be drafted from December; no later year at all."""
    if year > today.year + 1 or (year == today.year + 1 and today.month != 12):
        return _("SKP tahun %(y)s baru dapat disusun mulai Desember %(prev)s.") % {
            "y": year,
            "prev": year - 1,
        }
    return None


@transaction.atomic
def skp_create(*, actor: Actor, year: int) -> Skp:
    if actor.tenant is None or actor.employee_id is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat menyusun SKP."))
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Tahun SKP tidak sah."))
    problem = skp_year_problem(year, tenant_today(actor))
    if problem:
        raise ValidationError(problem)
    if Skp.objects.filter(tenant=actor.tenant, employee_id=actor.employee_id, year=year).exists():
        raise ValidationError(_("SKP untuk tahun ini sudah ada."))
    skp = Skp.objects.create(tenant=actor.tenant, employee_id=actor.employee_id, year=year)
    audit(actor=actor, action="appraisal.skp.created", obj=skp, data={"year": year})
    return skp


def _check_parent(skp: Skp, parent_rhk: Rhk | None) -> None:
    """The intervened RHK must belong to the supervisor's SKP of the same year."""
    if parent_rhk is None:
        return
    supervisor_id = skp.employee.supervisor_id
    if (
        supervisor_id is None
        or parent_rhk.tenant_id != skp.tenant_id
        or parent_rhk.skp.employee_id != supervisor_id
        or parent_rhk.skp.year != skp.year
    ):
        raise ValidationError(_("RHK pimpinan yang dipilih bukan milik atasan langsung Anda."))


RHK_FIELDS = ["text", "kind", "parent_rhk", "pk_item", "order"]


@transaction.atomic
def rhk_add(
    *,
    actor: Actor,
    skp: Skp,
    text: str,
    kind: str = Rhk.Kind.UTAMA,
    parent_rhk: Rhk | None = None,
    pk_item: PerjanjianKinerjaItem | None = None,
) -> Rhk:
    require_owner(actor, skp)
    require_editable(skp)
    text = text.strip()
    if not text:
        raise ValidationError(_("Rencana hasil kerja wajib diisi."))
    if kind not in Rhk.Kind.values:
        raise ValidationError(_("Jenis RHK tidak dikenal."))
    _check_parent(skp, parent_rhk)
    check_pk_item(skp, pk_item)
    order = skp.rhks.count() + 1
    rhk = Rhk.objects.create(
        tenant=skp.tenant,
        skp=skp,
        text=text,
        kind=kind,
        parent_rhk=parent_rhk,
        pk_item=pk_item,
        order=order,
    )
    audit(actor=actor, action="appraisal.rhk.added", obj=rhk, after=snapshot(rhk, RHK_FIELDS))
    return rhk


@transaction.atomic
def rhk_update(
    *,
    actor: Actor,
    rhk: Rhk,
    text: str,
    kind: str,
    parent_rhk: Rhk | None = None,
    pk_item: PerjanjianKinerjaItem | None | Literal[_Keep.KEEP] = KEEP,
) -> Rhk:
    """`pk_item` is left as it is unless given (only unit heads' forms carry it)."""
    skp = rhk.skp
    require_owner(actor, skp)
    require_editable(skp)
    text = text.strip()
    if not text:
        raise ValidationError(_("Rencana hasil kerja wajib diisi."))
    if kind not in Rhk.Kind.values:
        raise ValidationError(_("Jenis RHK tidak dikenal."))
    _check_parent(skp, parent_rhk)
    before = snapshot(rhk, RHK_FIELDS)
    if pk_item is not KEEP:
        check_pk_item(skp, pk_item)
        rhk.pk_item = pk_item
    rhk.text, rhk.kind, rhk.parent_rhk = text, kind, parent_rhk
    rhk.save()
    after = snapshot(rhk, RHK_FIELDS)
    if after != before:
        audit(actor=actor, action="appraisal.rhk.updated", obj=rhk, before=before, after=after)
    return rhk


@transaction.atomic
def rhk_delete(*, actor: Actor, rhk: Rhk) -> None:
    require_owner(actor, rhk.skp)
    require_editable(rhk.skp)
    audit(actor=actor, action="appraisal.rhk.deleted", obj=rhk, before=snapshot(rhk, RHK_FIELDS))
    rhk.delete()


@transaction.atomic
def indicator_add(
    *,
    actor: Actor,
    rhk: Rhk,
    aspect: str,
    text: str,
    target: str,
    target_number: Decimal | None = None,
    target_unit: str = "",
) -> Indicator:
    require_owner(actor, rhk.skp)
    require_editable(rhk.skp)
    if aspect not in Indicator.Aspect.values:
        raise ValidationError(_("Aspek indikator tidak dikenal."))
    if not text.strip() or not target.strip():
        raise ValidationError(_("Indikator dan target wajib diisi."))
    indicator = Indicator.objects.create(
        tenant=rhk.tenant,
        rhk=rhk,
        aspect=aspect,
        text=text.strip(),
        target=target.strip(),
        target_number=target_number,
        target_unit=target_unit.strip(),
    )
    audit(
        actor=actor,
        action="appraisal.indicator.added",
        obj=indicator,
        after=snapshot(indicator, ["rhk", "aspect", "text", "target"]),
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Actor, indicator: Indicator) -> None:
    require_owner(actor, indicator.rhk.skp)
    require_editable(indicator.rhk.skp)
    audit(
        actor=actor,
        action="appraisal.indicator.deleted",
        obj=indicator,
        before=snapshot(indicator, ["rhk", "aspect", "text", "target"]),
    )
    indicator.delete()


@transaction.atomic
def skp_submit(*, actor: Actor, skp: Skp) -> Skp:
    require_owner(actor, skp)
    require_editable(skp)
    supervisor = skp.employee.supervisor
    for_kepala_daerah = supervisor is None and is_sekda(skp.employee)
    if supervisor is None and not for_kepala_daerah:
        raise ValidationError(
            _(
                "Anda belum memiliki atasan langsung sebagai pejabat penilai. Kepala OPD dinilai "
                "oleh Sekda: minta BKPSDM menetapkan Sekda pemda di Pengaturan SKP."
            )
        )
    rhks = list(skp.rhks.filter(kind=Rhk.Kind.UTAMA).prefetch_related("indicators"))
    if not rhks:
        raise ValidationError(_("SKP harus memiliki minimal satu RHK utama."))
    if any(not rhk.indicators.all() for rhk in rhks):
        raise ValidationError(_("Setiap RHK utama harus memiliki minimal satu indikator."))
    skp.status = Status.SUBMITTED
    skp.approver = supervisor
    skp.return_comment = ""
    skp.save()
    _record_version(actor, skp)
    audit(
        actor=actor,
        action="appraisal.skp.submitted",
        obj=skp,
        data={
            "approver": supervisor.pk if supervisor else KEPALA_DAERAH,
            "version": skp.version,
        },
    )
    return skp


def on_behalf_of_kepala_daerah(actor: Actor, skp: Skp) -> bool:
    """BKPSDM records the kepala daerah's decision on the Sekda's SKP (no account)."""
    return (
        skp.employee.supervisor_id is None
        and is_sekda(skp.employee)
        and has_perm(actor, "performance.manage")
        and not is_owner(actor, skp.employee_id)
    )


def _decision_data(actor: Actor, skp: Skp) -> dict[str, Any]:
    return {"on_behalf_of": KEPALA_DAERAH} if on_behalf_of_kepala_daerah(actor, skp) else {}


def _require_approver(actor: Actor, skp: Skp) -> None:
    same_tenant(actor, skp)
    if is_owner(actor, skp.employee_id):
        raise PermissionDenied(_("Anda tidak dapat menyetujui SKP Anda sendiri."))
    if on_behalf_of_kepala_daerah(actor, skp):
        pass
    elif not is_supervisor_of(actor, skp.employee):
        raise PermissionDenied(_("Hanya atasan langsung pegawai yang dapat memproses SKP ini."))
    if skp.status != Status.SUBMITTED:
        raise ValidationError(_("Hanya SKP yang sudah diajukan yang dapat diproses."))


@transaction.atomic
def skp_approve(*, actor: Actor, skp: Skp) -> Skp:
    _require_approver(actor, skp)
    skp.status = Status.APPROVED
    skp.version += 1
    behalf = _decision_data(actor, skp)
    skp.approver_id = None if behalf else actor.employee_id
    skp.save()
    _record_version(actor, skp)
    audit(
        actor=actor,
        action="appraisal.skp.approved",
        obj=skp,
        data={"version": skp.version, **behalf},
    )
    return skp


@transaction.atomic
def skp_return(*, actor: Actor, skp: Skp, comment: str) -> Skp:
    _require_approver(actor, skp)
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Catatan pengembalian wajib diisi."))
    skp.status = Status.RETURNED
    skp.return_comment = comment
    skp.save()
    _record_version(actor, skp)
    audit(
        actor=actor,
        action="appraisal.skp.returned",
        obj=skp,
        data={"comment": comment, **_decision_data(actor, skp)},
    )
    return skp


@transaction.atomic
def realisation_record(
    *,
    actor: Actor,
    indicator: Indicator,
    period: str,
    value: str,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    note: str = "",
) -> Realisation:
    skp = indicator.rhk.skp
    require_owner(actor, skp)
    if skp.status != Status.APPROVED:
        raise ValidationError(_("Realisasi hanya dapat dicatat pada SKP yang sudah disetujui."))
    check_period(period)
    if int(period[:4]) != skp.year:
        raise ValidationError(_("Periode realisasi harus dalam tahun SKP."))
    if not value.strip():
        raise ValidationError(_("Nilai realisasi wajib diisi."))
    realisation, created = Realisation.objects.update_or_create(
        tenant=skp.tenant,
        indicator=indicator,
        period=period,
        defaults={"value": value.strip(), "evidence_url": evidence_url.strip(), "note": note},
    )
    if evidence_file is not None:
        # Type by signature, size limit, random name (core/uploads.py).
        realisation.evidence_file = uploads.checked_file(evidence_file)
        realisation.save()
    realisation.full_clean()
    audit(
        actor=actor,
        action="appraisal.realisation.recorded",
        obj=realisation,
        data={"period": period, "value": realisation.value, "created": created},
    )
    return realisation


@transaction.atomic
def feedback_add(*, actor: Actor, rhk: Rhk, text: str) -> FeedbackNote:
    skp = rhk.skp
    same_tenant(actor, skp)
    if not (is_owner(actor, skp.employee_id) or is_supervisor_of(actor, skp.employee)):
        raise PermissionDenied(_("Hanya pegawai dan atasannya yang dapat memberi umpan balik."))
    if not text.strip():
        raise ValidationError(_("Umpan balik wajib diisi."))
    assert actor.employee_id is not None
    note = FeedbackNote.objects.create(
        tenant=skp.tenant, rhk=rhk, author_id=actor.employee_id, text=text.strip()
    )
    audit(actor=actor, action="appraisal.feedback.added", obj=note, data={"rhk": rhk.pk})
    return note
