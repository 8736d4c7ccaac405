"""Platform tasks run by `celery -A pamong beat`."""

from __future__ import annotations

from collections.abc import Iterator

from celery import shared_task
from django_scopes import scope, scopes_disabled

from pamong.core import jobs
from pamong.core.models import Tenant


def each_active_tenant() -> Iterator[Tenant]:
    """The active tenants, each yielded inside its own scope: the loop of every beat task
    that does per-Pemda work."""
    with scopes_disabled():
        tenants = list(Tenant.objects.filter(is_active=True))
    for tenant in tenants:
        with scope(tenant=tenant):
            yield tenant


@shared_task
def expire_stale_jobs() -> int:
    """Fail every background job whose worker stopped renewing its lease."""
    with scopes_disabled():
        return jobs.expire_stale()
