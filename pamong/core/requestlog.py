"""Structured logs: one JSON line per request, without personal data.

Fields: time, method, route (the URL pattern such as `skp/<int:pk>/`, never the concrete
path: paths and query strings can hold names, NIPs or ticket codes), status, duration in
ms, tenant slug and user id (an id, not a name). Enabled by PAMONG_REQUEST_LOG (on unless
testing); lines go to the `pamong.request` logger, formatted by `JsonFormatter`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("pamong.request")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object; `extra={"fields": {...}}` adds keys."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(fields)
        else:
            data["message"] = record.getMessage()
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(data, ensure_ascii=False)


def request_fields(request: HttpRequest, status: int, duration: float) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    actor = getattr(request, "actor", None)
    user = getattr(request, "user", None)
    tenant = getattr(getattr(actor, "tenant", None), "slug", None)
    if tenant is None and match is not None:
        tenant = match.kwargs.get("tenant_slug")  # public pages of a Pemda
    return {
        "event": "request",
        "method": request.method,
        "route": match.route if match is not None else None,
        "view": match.view_name if match is not None else None,
        "status": status,
        "duration_ms": round(duration * 1000, 1),
        "tenant": tenant,
        "tenant_id": getattr(user, "tenant_id", None),  # API tokens: no actor on the request
        "user_id": user.pk if user is not None and user.is_authenticated else None,
    }


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            fields = request_fields(request, response.status_code, time.monotonic() - started)
            logger.info("request", extra={"fields": fields})
        return response
