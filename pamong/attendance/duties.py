"""Official duty (dinas luar / surat tugas) recorded by the unit; covered days count as
present (classify.py). One write path for pages, API (and `pamong import duties`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee

from .calendar import calendar_for
from .models import Duty

MAX_DAYS = 366
AUDIT_FIELDS = ["employee", "start", "end", "letter_number", "note"]


def duties_visible_to(actor: Actor) -> QuerySet[Duty]:
    """Own duties, subordinates', the OPD's (head of OPD), or all with view_all."""
    if actor.tenant is None:
        return Duty.objects.none()
    qs = Duty.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "attendance.view_all")
    if opds is None:
        return qs
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(employee__supervisor_id=actor.employee_id)
    if opds:
        q |= Q(employee__opd_id__in=opds)
    return qs.filter(q)


def can_record_duty(actor: Actor, employee: Employee) -> bool:
    """BKPSDM (attendance.manage), the head of the employee's OPD, or their supervisor."""
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        return False
    return (
        has_perm(actor, "attendance.manage")
        or employee.opd_id in actor.opd_ids
        or (actor.employee_id is not None and employee.supervisor_id == actor.employee_id)
    )


def may_record_any(actor: Actor) -> bool:
    return actor.tenant is not None and (
        has_perm(actor, "attendance.manage") or actor.is_opd_head or actor.is_supervisor
    )


def get_duty_for_actor(actor: Actor, pk: int) -> Duty:
    """404 outside the tenant, 403 inside it without the right to see it."""
    if actor.tenant is None:
        raise Http404
    duty = Duty.objects.filter(tenant=actor.tenant, pk=pk).select_related("employee").first()
    if duty is None:
        raise Http404
    if not duties_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return duty


def _error(field: str, message: str) -> InputError:
    return InputError(message=message, column=field, source="dinas")


def _span_problems(
    actor: Actor, employee: Employee, start: dt.date, end: dt.date
) -> list[InputError]:
    """A range with no working day, or one overlapping another duty of the employee."""
    assert actor.tenant is not None
    errors: list[InputError] = []
    try:
        working = calendar_for(actor.tenant).working_days(start, end)
    except InputErrors as exc:
        errors.extend(exc.errors)
    else:
        if not working:
            errors.append(
                _error(
                    "mulai", _("rentang %(a)s s.d. %(b)s tanpa hari kerja") % {"a": start, "b": end}
                )  # noqa: E501
            )
    clash = (
        Duty.objects.select_for_update()
        .filter(tenant=actor.tenant, employee=employee, start__lte=end, end__gte=start)
        .order_by("start")
        .first()
    )
    if clash is not None:
        errors.append(
            _error(
                "mulai",
                _("tumpang tindih dengan dinas luar %(a)s s.d. %(b)s")
                % {"a": clash.start, "b": clash.end},
            )  # noqa: E501
        )
    return errors


@transaction.atomic
def record_duty(
    *,
    actor: Actor,
    employee: Employee,
    start: dt.date,
    end: dt.date,
    letter_number: str,
    note: str = "",
) -> Duty:
    if not can_record_duty(actor, employee):
        raise PermissionDenied(_("Anda tidak berwenang mencatat dinas luar pegawai ini."))
    assert actor.tenant is not None
    letter_number, note = letter_number.strip(), note.strip()
    errors: list[InputError] = []
    if not letter_number:
        errors.append(_error("nomor_surat", _("nomor surat tugas wajib diisi")))
    elif len(letter_number) > 100:
        errors.append(_error("nomor_surat", _("terlalu panjang (maksimum 100 karakter)")))
    if len(note) > 200:
        errors.append(_error("keterangan", _("terlalu panjang (maksimum 200 karakter)")))
    if end < start:
        errors.append(_error("selesai", _("tanggal selesai sebelum tanggal mulai")))
    elif (end - start).days >= MAX_DAYS:
        errors.append(_error("selesai", _("rentang paling lama satu tahun")))
    else:
        errors.extend(_span_problems(actor, employee, start, end))
    if errors:
        raise InputErrors(errors)
    duty = Duty(
        tenant=actor.tenant, employee=employee, start=start, end=end,
        letter_number=letter_number, note=note,
    )  # fmt: skip
    try:
        with transaction.atomic():
            duty.save()
    except IntegrityError as exc:
        raise InputErrors(
            [_error("mulai", _("dinas luar dengan tanggal mulai ini sudah ada"))]
        ) from exc  # noqa: E501
    audit(
        actor=actor,
        action="attendance.duty.recorded",
        obj=duty,
        after=snapshot(duty, AUDIT_FIELDS),
    )
    return duty


@transaction.atomic
def delete_duty(*, actor: Actor, duty: Duty) -> None:
    """Remove a duty recorded by mistake (the audit log keeps what it was)."""
    if not can_record_duty(actor, duty.employee):
        raise PermissionDenied(_("Anda tidak berwenang menghapus dinas luar ini."))
    before = snapshot(duty, AUDIT_FIELDS)
    audit(actor=actor, action="attendance.duty.deleted", obj=duty, before=before)
    duty.delete()
