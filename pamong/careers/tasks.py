"""Daily careers work: decided KP whose TMT has come reach the employee's golongan."""

from __future__ import annotations

from celery import shared_task

from pamong.careers.services import kp_apply_due
from pamong.core.actor import system_actor
from pamong.core.tasks import each_active_tenant


@shared_task
def apply_kp_tmt() -> int:
    """Apply due KP decisions in every active tenant (idempotent)."""
    applied = 0
    for tenant in each_active_tenant():
        applied += kp_apply_due(actor=system_actor(tenant, "system:kp-tmt"))
    return applied
