"""Periodic work of the SKP cycle (scheduled daily with Celery beat)."""

from __future__ import annotations

from celery import shared_task

from pamong.appraisal.digest import email_reminders_enabled, send_reminder_digests
from pamong.appraisal.services.common import tenant_today
from pamong.core.actor import system_actor
from pamong.core.tasks import each_active_tenant


@shared_task
def email_appraisal_reminders() -> int:
    """E-mail today's reminders in every active tenant that has them on (idempotent per day)."""
    sent = 0
    for tenant in each_active_tenant():
        if not email_reminders_enabled(tenant):
            continue
        actor = system_actor(tenant, "system:skp-remind")
        sent += send_reminder_digests(actor=actor, today=tenant_today(actor)).sent
    return sent
