"""Error answers under /api/ are JSON, like DRF's: `{"detail": "..."}` (issue 11).

DRF already answers its own errors (401, 403, 404, 405, 400) in JSON. What it never sees
is answered by Django's error handlers: a path under /api/ that matches no URL pattern
(`/api/v1/units/-1/`), a SuspiciousOperation (400), a PermissionDenied outside a DRF view
(403) and any server error (500). `pamong.urls` points Django's handlers here; paths
outside the API keep the HTML pages. The token page (/api/tokens/) and the API docs
(/api/docs) are web pages for people, so they keep the HTML pages too.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

HTML_PAGES = ("/api/tokens/", "/api/docs")


def is_api_path(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith(HTML_PAGES)


def _detail(status: int) -> str:
    return {
        400: _("Permintaan tidak sah."),
        403: _("Anda tidak memiliki izin untuk melakukan tindakan ini."),
        404: _("Tidak ditemukan."),
        500: _("Terjadi kesalahan pada server."),
    }[status]


def _json(status: int) -> JsonResponse:
    return JsonResponse({"detail": _detail(status)}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path_info):
        return _json(400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path_info):
        return _json(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path_info):
        return _json(404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path_info):
        return _json(500)
    return defaults.server_error(request)
