"""Corrections (lupa absen / koreksi presensi): request, decide, cancel; who sees which.

One write path per action, used by the pages and the API. An approved correction is kept
in its own table beside the raw punches (Punch rows are never touched) and counts as the
punches of its day in classify.py.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee

from .calendar import calendar_for
from .models import Correction, CorrectionStatus

EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
# Extension -> the file's first bytes: the content must match what the name says.
EVIDENCE_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
REASON_MAX = 1000
AUDIT_FIELDS = ["day", "check_in", "check_out", "status", "decision_note"]


def _error(field: str, message: str) -> InputError:
    return InputError(message=message, column=field, source="koreksi")


def corrections_visible_to(actor: Actor) -> QuerySet[Correction]:
    """Own requests, subordinates', the OPD's (head of OPD), or all with view_all."""
    if actor.tenant is None:
        return Correction.objects.none()
    qs = Correction.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "attendance.view_all")
    if opds is None:
        return qs
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(employee__supervisor_id=actor.employee_id)
    if opds:
        q |= Q(employee__opd_id__in=opds)
    return qs.filter(q)


def get_correction_for_actor(actor: Actor, pk: int) -> Correction:
    """404 outside the tenant (or no such record), 403 inside it without the right."""
    if actor.tenant is None:
        raise Http404
    correction = (
        Correction.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__unit", "decided_by")
        .first()
    )
    if correction is None:
        raise Http404
    if not corrections_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return correction


def can_decide(actor: Actor, employee: Employee) -> bool:
    """The direct supervisor decides; attendance.manage only for employees without one."""
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        return False
    if actor.employee_id is not None and actor.employee_id == employee.pk:
        return False  # nobody approves their own correction
    if employee.supervisor_id is not None:
        return employee.supervisor_id == actor.employee_id
    return has_perm(actor, "attendance.manage")


def pending_for(actor: Actor) -> QuerySet[Correction]:
    """Pending requests this actor may decide."""
    qs = corrections_visible_to(actor).filter(status=CorrectionStatus.PENDING)
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(employee__supervisor_id=actor.employee_id)
    if has_perm(actor, "attendance.manage"):
        q |= Q(employee__supervisor__isnull=True)
    if actor.employee_id is not None:
        qs = qs.exclude(employee_id=actor.employee_id)
    return qs.filter(q)


def check_evidence(upload: UploadedFile) -> str:
    """The file's lower-case extension when its size and type are acceptable."""
    name = upload.name or ""
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in EVIDENCE_TYPES:
        raise InputErrors(
            [_error("bukti", _("jenis berkas tidak diterima; gunakan PDF, JPG atau PNG"))]
        )
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        raise InputErrors([_error("bukti", _("berkas terlalu besar (maksimum 2 MB)"))])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[ext]):
        raise InputErrors(
            [
                _error(
                    "bukti", _("isi berkas tidak sesuai dengan jenisnya (.%(ext)s)") % {"ext": ext}
                )
            ]
        )
    return ext


def _local_today(actor: Actor) -> dt.date:
    assert actor.tenant is not None
    return clock.today(actor.tenant)


def _validate(
    actor: Actor,
    employee: Employee,
    day: dt.date,
    check_in: dt.time | None,
    check_out: dt.time | None,
    reason: str,
) -> None:
    errors: list[InputError] = []
    if check_in is None and check_out is None:
        errors.append(_error("jam_masuk", _("isi jam masuk, jam pulang, atau keduanya")))
    if check_in is not None and check_out is not None and check_out <= check_in:
        errors.append(_error("jam_pulang", _("jam pulang harus sesudah jam masuk")))
    if not reason.strip():
        errors.append(_error("alasan", _("wajib diisi")))
    elif len(reason) > REASON_MAX:
        errors.append(_error("alasan", _("terlalu panjang (maksimum 1000 karakter)")))
    if day > _local_today(actor):
        errors.append(_error("tanggal", _("tanggal tidak boleh di masa depan")))
    else:
        assert actor.tenant is not None
        try:
            cal = calendar_for(actor.tenant)
        except InputErrors as exc:
            errors.extend(exc.errors)
        else:
            if not cal.is_working_day(day):
                errors.append(_error("tanggal", _("%(day)s bukan hari kerja") % {"day": day}))
    live = Correction.objects.filter(
        tenant=actor.tenant,
        employee=employee,
        day=day,
        status__in=[CorrectionStatus.PENDING, CorrectionStatus.APPROVED],
    )
    if live.exists():
        errors.append(_error("tanggal", _("sudah ada koreksi untuk %(day)s") % {"day": day}))
    if errors:
        raise InputErrors(errors)


@transaction.atomic
def request_correction(
    *,
    actor: Actor,
    day: dt.date,
    check_in: dt.time | None,
    check_out: dt.time | None,
    reason: str,
    evidence: UploadedFile | None = None,
) -> Correction:
    """The employee asks to correct one of their own working days."""
    if actor.tenant is None or actor.employee_id is None:
        raise PermissionDenied(_("Hanya pegawai yang dapat mengajukan koreksi presensi."))
    employee = Employee.objects.get(tenant=actor.tenant, pk=actor.employee_id)
    _validate(actor, employee, day, check_in, check_out, reason)
    ext = check_evidence(evidence) if evidence is not None else ""
    correction = Correction(
        tenant=actor.tenant,
        employee=employee,
        day=day,
        check_in=check_in,
        check_out=check_out,
        reason=reason.strip(),
    )
    if evidence is not None:
        correction.evidence_name = (evidence.name or "")[-200:]
        correction.evidence.save(f"{secrets.token_hex(16)}.{ext}", evidence, save=False)
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as exc:  # a concurrent request for the same day won
        if correction.evidence:
            correction.evidence.delete(save=False)
        raise InputErrors(
            [_error("tanggal", _("sudah ada koreksi untuk %(day)s") % {"day": day})]
        ) from exc
    audit(
        actor=actor,
        action="attendance.correction.requested",
        obj=correction,
        after=snapshot(correction, AUDIT_FIELDS),
        data={"evidence": correction.evidence_name},
    )
    return correction


@transaction.atomic
def decide_correction(
    *, actor: Actor, correction: Correction, approve: bool, note: str = ""
) -> Correction:
    """Approve or reject a pending correction (the supervisor; see can_decide)."""
    locked = (
        Correction.objects.select_for_update()
        .select_related("employee")
        .get(tenant=correction.tenant_id, pk=correction.pk)
    )
    if not can_decide(actor, locked.employee):
        raise PermissionDenied(_("Hanya atasan langsung yang dapat memutuskan koreksi ini."))
    if locked.status != CorrectionStatus.PENDING:
        raise InputErrors([_error("status", _("koreksi ini sudah diputuskan"))])
    if not approve and not note.strip():
        raise InputErrors([_error("catatan", _("alasan penolakan wajib diisi"))])
    before = snapshot(locked, AUDIT_FIELDS)
    locked.status = CorrectionStatus.APPROVED if approve else CorrectionStatus.REJECTED
    locked.decision_note = note.strip()
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit(
        actor=actor,
        action="attendance.correction." + ("approved" if approve else "rejected"),
        obj=locked,
        before=before,
        after=snapshot(locked, AUDIT_FIELDS),
    )
    return locked


@transaction.atomic
def cancel_correction(*, actor: Actor, correction: Correction) -> Correction:
    """The employee withdraws their own pending request."""
    locked = Correction.objects.select_for_update().get(
        tenant=correction.tenant_id, pk=correction.pk
    )
    if actor.employee_id is None or locked.employee_id != actor.employee_id:
        raise PermissionDenied(_("Hanya pegawai yang mengajukan yang dapat membatalkan."))
    if locked.status != CorrectionStatus.PENDING:
        raise InputErrors([_error("status", _("hanya koreksi yang menunggu dapat dibatalkan"))])
    before = snapshot(locked, AUDIT_FIELDS)
    locked.status = CorrectionStatus.CANCELLED
    locked.save(update_fields=["status"])
    audit(
        actor=actor,
        action="attendance.correction.cancelled",
        obj=locked,
        before=before,
        after=snapshot(locked, AUDIT_FIELDS),
    )
    return locked
