"""Periodic work of recruitment (Celery beat, see settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django_scopes import scope, scopes_disabled

from pamong.core import clock
from pamong.core.models import Tenant
from pamong.recruitment.onboarding import remind_decisions


@shared_task
def remind_cpns_decisions() -> int:
    """Daily: BKPSDM hears of CPNS whose PNS decision falls due (once a week per CPNS)."""
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    sent = 0
    for tenant in tenants:
        with scope(tenant=tenant):
            sent += remind_decisions(tenant=tenant, today=clock.today(tenant))
    return sent
