"""Periodic work of the competence app (Celery beat, see settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django_scopes import scope, scopes_disabled

from pamong.competence.reports import send_reminders
from pamong.core import clock
from pamong.core.actor import system_actor
from pamong.core.models import Tenant


@shared_task
def email_jp_reminders() -> int:
    """JP reminders in every active tenant; `send_reminders` keeps them to the third quarter
    on and to one mail per person per month, so a daily beat is safe."""
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    sent = 0
    for tenant in tenants:
        with scope(tenant=tenant):
            actor = system_actor(tenant, "system:jp-remind")
            sent += send_reminders(actor=actor, today=clock.today(tenant)).sent
    return sent
