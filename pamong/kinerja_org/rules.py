"""Who may change the performance tree, and which indikator a unit's PK may take.

Mirrors the organisation predikat (`performance.services.can_set_unit_predikat`): BKPSDM
(`performance.manage`) acts for the kepala daerah; a unit's own head and the head of the
unit one level up act for the unit.
"""

from __future__ import annotations

from django.db.models import Q

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm
from pamong.org.models import Unit

MANAGE = "performance.manage"
VIEW_ALL = "performance.view_all"


def in_tenant(actor: Actor, tenant_id: int) -> bool:
    return actor.tenant is not None and actor.tenant.pk == tenant_id


def can_manage_sasaran(actor: Actor, unit: Unit | None) -> bool:
    """Pemda sasaran (RPJMD): BKPSDM only. A unit's sasaran (Renstra): BKPSDM or its head."""
    if actor.tenant is None:
        return False
    if unit is None:
        return has_perm(actor, MANAGE)
    if not in_tenant(actor, unit.tenant_id):
        return False
    return has_perm(actor, MANAGE) or (
        actor.employee_id is not None and unit.head_id == actor.employee_id
    )


def can_manage_pk(actor: Actor, unit: Unit) -> bool:
    """Draft and sign a unit's PK: BKPSDM, the unit head (pihak pertama) or the head of the
    parent unit (pihak kedua). `unit.parent` must be loaded."""
    if not in_tenant(actor, unit.tenant_id):
        return False
    if has_perm(actor, MANAGE):
        return True
    if actor.employee_id is None:
        return False
    parent_head = unit.parent.head_id if unit.parent is not None else None
    return actor.employee_id in (unit.head_id, parent_head)


def allowed_indikator_filter(unit: Unit) -> Q:
    """Indikator a unit's PK may take: the Pemda's, its own unit's and its ancestors'."""
    codes = unit.path.split("/") if unit.path else [unit.code]
    return Q(sasaran__unit__isnull=True) | Q(sasaran__unit__code__in=codes)
