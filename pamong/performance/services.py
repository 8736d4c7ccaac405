"""Organisation predikat (SE MenPANRB 3/2023): who sets it and how unit heads follow it."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm
from pamong.org.models import Employee, Unit
from pamong.performance.models import UnitPredikat
from pamong.performance.predikat import OrgPredikat

MANAGE = "performance.manage"
# Sent with `actor` and `unit_predikat` when a unit's predikat is set and the unit has a head.
unit_predikat_changed = Signal()
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# The organisation predikat is set per month and, for the annual rating, per year (§1.6).
ORG_PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


def can_set_unit_predikat(actor: Actor, unit: Unit) -> bool:
    """The head of the parent unit; for an OPD (or a parent without head) BKPSDM on behalf
    of the kepala daerah. Nobody sets the predikat of the unit they lead themselves."""
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        return False
    if actor.employee_id is not None and unit.head_id == actor.employee_id:
        return False
    parent_head = unit.parent.head_id if unit.parent is not None else None
    if parent_head is not None:
        return actor.employee_id == parent_head
    return has_perm(actor, MANAGE)


def headed_unit_predikat(employee: Employee, period: str) -> UnitPredikat | None:
    """The predikat of the unit this employee leads, if it was set for the period."""
    return (
        UnitPredikat.objects.filter(tenant=employee.tenant, unit__head=employee, period=period)
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )


def follow_reason(up: UnitPredikat) -> str:
    return _("Hasil kerja mengikuti predikat unit %(unit)s: %(predikat)s.") % {
        "unit": up.unit.name,
        "predikat": up.get_predikat_display(),
    }


FIELDS = ["predikat", "reason"]


@transaction.atomic
def unit_predikat_set(
    *, actor: Actor, unit: Unit, period: str, predikat: str, reason: str = ""
) -> UnitPredikat:
    if actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        raise PermissionDenied
    unit = Unit.objects.select_related("parent").get(pk=unit.pk)  # current heads
    if not can_set_unit_predikat(actor, unit):
        raise PermissionDenied(
            _("Predikat unit ditetapkan oleh pimpinan satu tingkat di atas unit ini.")
        )
    if not ORG_PERIOD_RE.match(period):
        raise ValidationError(
            _("Periode harus berbentuk TTTT-BB (bulanan) atau TTTT (tahunan), misalnya 2026-03.")
        )
    if predikat not in OrgPredikat.values:
        raise ValidationError(_("Predikat organisasi tidak dikenal."))
    up = (
        UnitPredikat.objects.select_for_update()
        .filter(tenant=unit.tenant, unit=unit, period=period)
        .first()
    )
    before = snapshot(up, FIELDS) if up else None
    if up is None:
        up = UnitPredikat(tenant=unit.tenant, unit=unit, period=period)
    up.predikat, up.reason, up.set_by = predikat, reason.strip(), actor.user
    up.save()
    audit(
        actor=actor,
        action="performance.unit_predikat.set",
        obj=up,
        before=before,
        after=snapshot(up, FIELDS),
        data={"unit": unit.pk, "period": period},
    )
    if unit.head_id is not None:
        # The SKP cycle (pamong.appraisal) re-rates the head's open evaluation of the
        # period, in this transaction; ratings sit below it and do not import it.
        unit_predikat_changed.send(sender=UnitPredikat, actor=actor, unit_predikat=up)
    return up
