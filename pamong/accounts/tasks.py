"""Background work of the accounts app (Celery beat, see settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from pamong.accounts import services
from pamong.core.models import User
from pamong.core.tasks import each_active_tenant


@shared_task
def close_ended_accounts() -> int:
    """Close the logins of employees whose service ended, in every active tenant."""
    closed = 0
    for tenant in each_active_tenant():
        closed += len(services.close_ended_accounts(tenant=tenant))
    return closed


@shared_task
def send_activation_emails(user_ids: list[int]) -> int:
    sent = 0
    with scopes_disabled():
        for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("tenant"):
            if not user.has_usable_password() and services.send_activation(user):
                sent += 1
    return sent
