"""Periodic work of the competence app (Celery beat, see settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from pamong.competence.reports import send_reminders
from pamong.core import clock
from pamong.core.actor import system_actor
from pamong.core.tasks import each_active_tenant


@shared_task
def email_jp_reminders() -> int:
    """JP reminders in every active tenant; `send_reminders` keeps them to the third quarter
    on and to one mail per person per month, so a daily beat is safe."""
    sent = 0
    for tenant in each_active_tenant():
        actor = system_actor(tenant, "system:jp-remind")
        sent += send_reminders(actor=actor, today=clock.today(tenant)).sent
    return sent
