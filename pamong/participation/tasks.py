"""Periodic work of public participation (schedule it daily with Celery beat)."""

from __future__ import annotations

from celery import shared_task

from pamong.core.actor import system_actor
from pamong.core.tasks import each_active_tenant
from pamong.participation.deadlines import escalate_overdue
from pamong.participation.forums import escalate_overdue_items
from pamong.participation.services import tenant_today


@shared_task
def escalate_overdue_complaints() -> int:
    """Escalate overdue reports and forum action items of every active tenant (idempotent)."""
    total = 0
    for tenant in each_active_tenant():
        actor = system_actor(tenant, "system:complaints-escalate")
        today = tenant_today(tenant)
        total += len(escalate_overdue(actor=actor, today=today))
        total += escalate_overdue_items(actor=actor, today=today)
    return total
