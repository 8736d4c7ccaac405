"""`/healthz`: is this instance able to serve? For load balancers and monitoring.

No login, no personal data: only whether the database, the cache and the task queue
answer. 200 when all do, 503 otherwise. Without a broker (REDIS_URL unset) tasks run
in the web process ("eager"), which counts as healthy.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    return "ok" if ok else "fail"


def _queue() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    # The project's Celery app (pamong/celery.py) is the current one in every process that
    # loaded Django; core does not import the entry point itself.
    from celery import current_app

    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {"database": _database, "cache": _cache, "queue": _queue}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    checks: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = check()
        except Exception:  # noqa: BLE001 - any failure is "fail"; details go to the log only
            checks[name] = "fail"
    healthy = all(state in ("ok", "eager") for state in checks.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": checks,
        "duration_ms": round((time.monotonic() - started) * 1000),
    }
    return JsonResponse(body, status=200 if healthy else 503)
