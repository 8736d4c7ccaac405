"""Plt. (acting) pejabat penilai: BKPSDM assigns one for a range of months; during it the
Plt. rates the employee instead of the direct supervisor."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pamong.appraisal.models import ActingPenilai
from pamong.appraisal.services.common import (
    FINALIZE_PERM,
    check_period,
    is_annual,
    same_tenant,
)
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import has_perm
from pamong.org.models import Employee


def acting_for(employee: Employee, period: str) -> ActingPenilai | None:
    return (
        ActingPenilai.objects.filter(
            tenant=employee.tenant,
            employee=employee,
            period_from__lte=period,
            period_to__gte=period,
        )
        .order_by("-created_at", "-id")
        .first()
    )


def penilai_id_for(employee: Employee, period: str) -> int | None:
    """Who rates the employee for the month: the Plt. if one is assigned, else the supervisor.

    The annual evaluation is given by whoever rates December, at the end of the year."""
    acting = acting_for(employee, f"{period}-12" if is_annual(period) else period)
    return acting.penilai_id if acting else employee.supervisor_id


def acting_subordinates(actor: Actor, period: str) -> QuerySet[Employee]:
    if actor.tenant is None or actor.employee_id is None:
        return Employee.objects.none()
    if is_annual(period):
        period = f"{period}-12"
    ids = ActingPenilai.objects.filter(
        tenant=actor.tenant,
        penilai_id=actor.employee_id,
        period_from__lte=period,
        period_to__gte=period,
    ).values("employee_id")
    return Employee.objects.filter(tenant=actor.tenant, pk__in=ids).select_related("position")


@transaction.atomic
def acting_assign(
    *, actor: Actor, employee: Employee, penilai: Employee, period_from: str, period_to: str
) -> ActingPenilai:
    if not has_perm(actor, FINALIZE_PERM):
        raise PermissionDenied(_("Hanya BKPSDM yang dapat menunjuk Plt. pejabat penilai."))
    same_tenant(actor, employee)
    same_tenant(actor, penilai)
    check_period(period_from)
    check_period(period_to)
    if period_to < period_from:
        raise ValidationError(_("Periode akhir tidak boleh sebelum periode awal."))
    if penilai.pk == employee.pk:
        raise ValidationError(_("Pegawai tidak dapat menjadi pejabat penilai dirinya sendiri."))
    acting = ActingPenilai.objects.create(
        tenant=employee.tenant,
        employee=employee,
        penilai=penilai,
        period_from=period_from,
        period_to=period_to,
        assigned_by=actor.user,
    )
    audit(
        actor=actor,
        action="appraisal.acting_penilai.assigned",
        obj=acting,
        data={
            "employee": employee.pk,
            "penilai": penilai.pk,
            "from": period_from,
            "to": period_to,
        },
    )
    return acting
