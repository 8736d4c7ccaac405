"""Plumbing for the pages the public uses without logging in.

Anonymous requests run in an empty django-scopes scope (core.middleware), so every public
view resolves the tenant from the URL slug and enters that tenant's scope itself.
Rate limiting (Django cache, fixed windows): submissions per client address (setting
`PAMONG_PUBLIC_RATE_LIMIT`, env `PAMONG_PUBLIC_RATE_LIMIT=COUNT/SECONDS`, default 5 per 600 s),
writes per ticket (replies and ratings, whatever the address), and unknown ticket codes per
address. The counters live in the default cache: with several web processes it must be a
shared one (Redis, set by REDIS_URL), else each process counts on its own.
Counters are kept per tenant and client address: REMOTE_ADDR, which
core/clientip.py sets from X-Forwarded-For behind trusted proxies (PAMONG_TRUSTED_PROXY_*),
so one visitor cannot block the forms of every Pemda.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django_scopes import scope

from pamong.core.actor import Actor
from pamong.core.localcache import TTLCache
from pamong.core.models import Tenant

HONEYPOT_FIELD = "website"
DEFAULT_RATE_LIMIT = (5, 600)  # submissions per window (seconds)
DEFAULT_TICKET_LIMIT = (10, 3600)  # writes to one ticket per window
DEFAULT_LOOKUP_LIMIT = (20, 600)  # unknown ticket codes per address per window

PublicView = Callable[..., HttpResponse]


def public_actor(tenant: Tenant) -> Actor:
    """The anonymous member of the public, as recorded in the audit log."""
    return Actor(tenant=tenant, label="publik:web")


_tenants: TTLCache[Tenant | None] = TTLCache(30, watch=(Tenant,))


def active_tenant(slug: str) -> Tenant | None:
    """The active tenant with this slug (read once per process and 30 s, see localcache)."""
    return _tenants.get(slug, lambda: Tenant.objects.filter(slug=slug, is_active=True).first())


def public_view(view: PublicView) -> PublicView:
    """Resolve `tenant_slug` (404 if unknown or inactive) and run the view in its scope."""

    @wraps(view)
    def wrapper(request: HttpRequest, tenant_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        tenant = active_tenant(tenant_slug)
        if tenant is None:
            raise Http404
        # Times on public pages are shown in the tenant's own zone (WIB/WITA/WIT).
        with scope(tenant=tenant), timezone.override(ZoneInfo(tenant.timezone)):
            return view(request, tenant, *args, **kwargs)

    return wrapper


def _limit() -> tuple[int, int]:
    return getattr(settings, "PAMONG_PUBLIC_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _key(bucket: str, ident: str) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"participation:rate:{bucket}:{digest}"


def _address(request: HttpRequest) -> str:
    """Tenant and client address: the limits of one Pemda do not block another's."""
    match = getattr(request, "resolver_match", None)
    tenant = match.kwargs.get("tenant_slug", "") if match is not None else ""
    return f"{tenant}|{request.META.get('REMOTE_ADDR', '') or 'unknown'}"


def is_rate_limited(request: HttpRequest, bucket: str) -> bool:
    """Too many submissions from this client address in the window."""
    return _over(_key(bucket, _address(request)), _limit())


def count_submission(request: HttpRequest, bucket: str) -> bool:
    """Count a submission from this address; False when it is over the limit. Counting is
    atomic, so concurrent requests cannot slip past `is_rate_limited` together."""
    limit = _limit()
    return _count(_key(bucket, _address(request)), limit) <= limit[0]


def _ticket_limit() -> tuple[int, int]:
    return getattr(settings, "PAMONG_TICKET_RATE_LIMIT", DEFAULT_TICKET_LIMIT)


def is_ticket_limited(code: str) -> bool:
    """Too many writes to one ticket (replies, ratings), whatever the addresses."""
    return _over(_key("ticket", code), _ticket_limit())


def count_ticket_write(code: str) -> None:
    _count(_key("ticket", code), _ticket_limit())


def _lookup_limit() -> tuple[int, int]:
    return getattr(settings, "PAMONG_LOOKUP_RATE_LIMIT", DEFAULT_LOOKUP_LIMIT)


def is_lookup_limited(request: HttpRequest) -> bool:
    """Too many unknown ticket codes tried from this address (slows any guessing)."""
    return _over(_key("lookup", _address(request)), _lookup_limit())


def count_failed_lookup(request: HttpRequest) -> None:
    _count(_key("lookup", _address(request)), _lookup_limit())


def _over(key: str, limit: tuple[int, int]) -> bool:
    return int(cache.get(key, 0)) >= limit[0]


def _count(key: str, limit: tuple[int, int]) -> int:
    """Add one to the window's counter; the count so far."""
    window = limit[1]
    count_hit = getattr(cache, "count_hit", None)
    if count_hit is not None:  # Redis (core.rediscache): one atomic round trip
        return int(count_hit(key, window))
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
