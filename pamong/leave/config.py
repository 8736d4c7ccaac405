"""Tenant leave configuration: the first tracked year and per-type (per-OPD) rule changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.attendance.models import LeaveType
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import has_perm
from pamong.org.models import Unit

from .models import Approver, LeaveRule, LeaveSettings
from .rules import Rule, rule_for

RULE_FIELDS = [
    "approver",
    "attachment_over_days",
    "attachment_label",
    "max_months",
    "min_service_years",
]


def _error(field: str, message: str) -> InputError:
    return InputError(message=message, column=field, source="cuti")


def _require_manage(actor: Actor) -> None:
    if actor.tenant is None or not has_perm(actor, "leave.manage"):
        raise PermissionDenied


@transaction.atomic
def settings_update(*, actor: Actor, first_year: int | None) -> LeaveSettings:
    _require_manage(actor)
    assert actor.tenant is not None
    if first_year is not None and not 2000 <= first_year <= 2100:
        raise InputErrors([_error("first_year", _("tahun tidak sah"))])
    settings, _created = LeaveSettings.objects.select_for_update().get_or_create(
        tenant=actor.tenant
    )
    before = snapshot(settings, ["first_year"])
    settings.first_year = first_year
    settings.save()
    audit(
        actor=actor,
        action="leave.settings.updated",
        obj=settings,
        before=before,
        after=snapshot(settings, ["first_year"]),
    )
    return settings


@transaction.atomic
def rule_set(*, actor: Actor, kind: str, unit: Unit | None = None, **changes: Any) -> LeaveRule:
    """Change a leave type's rule for the tenant, or for one OPD (`unit`, a top-level unit).

    A change of None clears the field back to the default (or the tenant-wide value)."""
    _require_manage(actor)
    assert actor.tenant is not None
    errors: list[InputError] = []
    if kind not in LeaveType.values:
        errors.append(_error("kind", _("jenis cuti tidak dikenal")))
    if unit is not None and (unit.tenant_id != actor.tenant.pk or unit.parent_id is not None):
        errors.append(_error("unit", _("aturan per unit hanya untuk OPD (unit teratas)")))
    unknown = set(changes) - set(RULE_FIELDS)
    if unknown:
        errors.append(_error(", ".join(sorted(unknown)), _("kolom aturan tidak dikenal")))
    approver = changes.get("approver")
    if approver not in (None, "", *Approver.values):
        errors.append(_error("approver", _("pejabat harus opd_head atau bkpsdm")))
    for name in ("attachment_over_days", "max_months", "min_service_years"):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 400):
            errors.append(_error(name, _("harus bilangan bulat 0–400")))
    if errors:
        raise InputErrors(errors)
    rule, _created = LeaveRule.objects.select_for_update().get_or_create(
        tenant=actor.tenant, kind=kind, unit=unit
    )
    before = snapshot(rule, RULE_FIELDS)
    for name, value in changes.items():
        setattr(
            rule, name, "" if value is None and name in ("approver", "attachment_label") else value
        )
    rule.save()
    audit(
        actor=actor,
        action="leave.rule.updated",
        obj=rule,
        before=before,
        after=snapshot(rule, RULE_FIELDS),
        data={"kind": kind, "unit": unit},
    )
    return rule


def effective_rules(actor: Actor) -> list[Rule]:
    """The tenant-wide rule of every leave type, defaults merged."""
    assert actor.tenant is not None
    return [rule_for(actor.tenant, kind, None) for kind in LeaveType.values]
