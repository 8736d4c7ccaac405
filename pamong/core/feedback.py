"""Every htmx answer shows its result in place (issue 12, section 3).

htmx does not swap a 4xx/5xx answer: without help the page silently ignores a refusal.
This middleware, with `pamong/ui/static/pamong/actions.js`, makes every answer visible:

- an error answer that is a whole page (403, 404, 500, CSRF failure), plain text or JSON
  becomes one readable sentence, sent as the `X-Pamong-Message` header (percent-encoded)
  and as a small `<p role="alert">` body; the script shows it next to the form that asked
  instead of replacing the form with an error page;
- an error answer that is a fragment (a form or card re-rendered with its error) is
  swapped by the script like a success;
- the Django messages of an htmx answer (success or error) are appended as an
  out-of-band swap of the page's `#messages` region, so an action done through htmx
  confirms what it did just as a full page load does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import quote

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

MESSAGE_HEADER = "X-Pamong-Message"
_DOCUMENT = re.compile(rb"^\s*(<!doctype|<html)", re.IGNORECASE)
_ALERT = re.compile(r'<p[^>]*role="alert"[^>]*>(.*?)</p>', re.IGNORECASE | re.DOTALL)


def default_message(status: int) -> str:
    """What an error status means for the person who clicked, in one sentence."""
    if status == 403:
        return _("Anda tidak berwenang melakukan tindakan ini, atau sesi Anda sudah berakhir.")
    if status == 404:
        return _("Data tidak ditemukan: mungkin sudah diubah atau dihapus. Muat ulang halaman.")
    if status == 409:
        return _("Data sudah diubah orang lain. Muat ulang halaman lalu coba lagi.")
    if status == 429:
        return _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")
    if status >= 500:
        return _("Terjadi kesalahan di server; tindakan tidak tersimpan. Coba lagi nanti.")
    return _("Permintaan ditolak. Periksa isian lalu coba lagi.")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def _text_of(response: HttpResponse) -> str:
    """A readable message carried by a non-fragment error answer, if any."""
    content_type = response.get("Content-Type", "")
    body = response.content.decode(response.charset or "utf-8", errors="replace")
    if content_type.startswith("text/plain"):
        return body.strip()[:500]
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            return ""
        if isinstance(data, dict):
            if isinstance(data.get("detail"), str):
                return str(data["detail"])
            for value in data.values():
                if isinstance(value, list) and value and isinstance(value[0], str):
                    return value[0]
        return ""
    match = _ALERT.search(body)
    return " ".join(strip_tags(match.group(1)).split()) if match else ""


def message_response(response: HttpResponse, message: str) -> HttpResponse:
    """Turn an error answer into one sentence the script shows next to the form."""
    response.content = f'<p class="error" role="alert">{escape(message)}</p>'.encode()
    response["Content-Type"] = "text/html; charset=utf-8"
    response[MESSAGE_HEADER] = quote(message)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


class HtmxFeedbackMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_htmx(request) or response.streaming:
            return response
        status = response.status_code
        if status >= 400 and not response.has_header(MESSAGE_HEADER):
            content_type = response.get("Content-Type", "")
            fragment = content_type.startswith("text/html") and not _DOCUMENT.match(
                response.content
            )
            if not fragment:
                return message_response(response, _text_of(response) or default_message(status))
        if 200 <= status < 500 and response.get("Content-Type", "").startswith("text/html"):
            if _DOCUMENT.match(response.content):
                return response  # a whole page renders the messages itself
            pending = list(get_messages(request))
            if pending:
                region = render_to_string("ui/_messages.html", {"messages": pending, "oob": True})
                response.content = response.content + region.encode()
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
        return response
