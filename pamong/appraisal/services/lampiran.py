"""Lampiran SKP (by the employee) and ekspektasi khusus pimpinan (by the supervisor)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.appraisal.berakhlak import CoreValue
from pamong.appraisal.models import Skp
from pamong.appraisal.services.common import (
    Status,
    is_owner,
    is_supervisor_of,
    require_editable,
    require_owner,
    same_tenant,
)
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot

LAMPIRAN_FIELDS = ["resources", "accountability", "consequences"]


@transaction.atomic
def skp_lampiran_update(
    *, actor: Actor, skp: Skp, resources: str, accountability: str, consequences: str
) -> Skp:
    require_owner(actor, skp)
    require_editable(skp)
    before = snapshot(skp, LAMPIRAN_FIELDS)
    skp.resources, skp.accountability = resources.strip(), accountability.strip()
    skp.consequences = consequences.strip()
    skp.save(update_fields=[*LAMPIRAN_FIELDS, "updated_at"])
    after = snapshot(skp, LAMPIRAN_FIELDS)
    if after != before:
        audit(actor=actor, action="appraisal.skp.lampiran", obj=skp, before=before, after=after)
    return skp


@transaction.atomic
def skp_expectations_set(*, actor: Actor, skp: Skp, expectations: Mapping[str, str]) -> Skp:
    """The supervisor states special expectations while the SKP is not yet approved."""
    same_tenant(actor, skp)
    if is_owner(actor, skp.employee_id) or not is_supervisor_of(actor, skp.employee):
        raise PermissionDenied(_("Ekspektasi khusus ditetapkan oleh atasan langsung."))
    if skp.status == Status.APPROVED:
        raise ValidationError(_("SKP yang sudah disetujui tidak dapat diubah."))
    unknown = set(expectations) - set(CoreValue.values)
    if unknown:
        raise ValidationError(_("Nilai BerAKHLAK tidak dikenal."))
    before = dict(skp.special_expectations)
    skp.special_expectations = {k: v.strip() for k, v in expectations.items() if v.strip()}
    skp.save(update_fields=["special_expectations", "updated_at"])
    audit(
        actor=actor,
        action="appraisal.skp.expectations",
        obj=skp,
        before={"special_expectations": before},
        after={"special_expectations": skp.special_expectations},
    )
    return skp
