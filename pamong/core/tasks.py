"""Platform tasks run by `celery -A pamong beat`."""

from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from pamong.core import jobs


@shared_task
def expire_stale_jobs() -> int:
    """Fail every background job whose worker stopped renewing its lease."""
    with scopes_disabled():
        return jobs.expire_stale()
