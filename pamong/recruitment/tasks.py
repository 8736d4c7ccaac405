"""Periodic work of recruitment (Celery beat, see settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from pamong.core import clock
from pamong.core.tasks import each_active_tenant
from pamong.recruitment.onboarding import remind_decisions


@shared_task
def remind_cpns_decisions() -> int:
    """Daily: BKPSDM hears of CPNS whose PNS decision falls due (once a week per CPNS)."""
    sent = 0
    for tenant in each_active_tenant():
        sent += remind_decisions(tenant=tenant, today=clock.today(tenant))
    return sent
