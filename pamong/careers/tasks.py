"""Daily careers work: decided KP whose TMT has come reach the employee's golongan."""

from __future__ import annotations

from celery import shared_task
from django_scopes import scope, scopes_disabled

from pamong.careers.services import kp_apply_due
from pamong.core.actor import system_actor
from pamong.core.models import Tenant


@shared_task
def apply_kp_tmt() -> int:
    """Apply due KP decisions in every active tenant (idempotent)."""
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    applied = 0
    for tenant in tenants:
        with scope(tenant=tenant):
            applied += kp_apply_due(actor=system_actor(tenant, "system:kp-tmt"))
    return applied
