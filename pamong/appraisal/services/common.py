"""Shared rules of the appraisal services: actor checks, periods, the objection window."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from pamong.appraisal.models import Skp
from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.models import TenantOwned
from pamong.org.models import Employee
from pamong.performance.periods import ANNUAL_RE, PERIOD_RE
from pamong.performance.predikat import Expectation

# Keberatan may be filed up to this many days after the evaluation is finalized (§1.7, [M]).
OBJECTION_DAYS = 14
FINALIZE_PERM = "performance.manage"
EVALUATION_FIELDS = [
    "hasil_kerja", "perilaku_kerja", "predikat", "reason", "status", "penilai", "kepala_daerah",
]  # fmt: skip
Status = Skp.Status


def objection_days() -> int:
    return int(getattr(settings, "PAMONG_OBJECTION_DAYS", OBJECTION_DAYS))


def tenant_today(actor: Actor) -> dt.date:
    assert actor.tenant is not None
    return clock.today(actor.tenant)


def same_tenant(actor: Actor, obj: TenantOwned) -> None:
    if actor.tenant is None or obj.tenant_id != actor.tenant.pk:
        raise PermissionDenied


def is_owner(actor: Actor, employee_id: int) -> bool:
    return actor.employee_id is not None and actor.employee_id == employee_id


def is_supervisor_of(actor: Actor, employee: Employee) -> bool:
    return actor.employee_id is not None and employee.supervisor_id == actor.employee_id


def require_owner(actor: Actor, skp: Skp) -> None:
    same_tenant(actor, skp)
    if not is_owner(actor, skp.employee_id):
        raise PermissionDenied(_("Hanya pemilik SKP yang dapat melakukan ini."))


def require_editable(skp: Skp) -> None:
    if not skp.editable:
        raise ValidationError(_("SKP hanya dapat diubah selama berstatus draf atau dikembalikan."))


def check_period(period: str) -> None:
    if not PERIOD_RE.match(period):
        raise ValidationError(_("Periode harus berbentuk TTTT-BB, misalnya 2026-03."))


def is_annual(period: str) -> bool:
    return bool(ANNUAL_RE.match(period))


def check_evaluation_period(period: str) -> None:
    if not (PERIOD_RE.match(period) or ANNUAL_RE.match(period)):
        raise ValidationError(
            _("Periode harus berbentuk TTTT-BB (bulanan) atau TTTT (tahunan), misalnya 2026-03.")
        )


def check_expectation(value: str, label: str) -> None:
    if value not in Expectation.values:
        raise ValidationError(_("Nilai %(label)s tidak dikenal.") % {"label": label})
