"""The server's half of confirming an irreversible step (issue 12, section 3).

The browser asks first (`{% confirm_attrs %}` and the required `{% confirm_check %}` box,
whose `confirmed=1` actions.js also adds to a confirmed htmx request); the server refuses a
POST that arrives without it, so a crafted or replayed form cannot skip the question.

A view marked `@irreversible` calls `require_confirmed(request)` after it has found the
record and before the service runs: another tenant's id stays 404, an unseen record 403,
and an unconfirmed step changes nothing and answers 400 with one sentence: in place for
htmx (pamong.core.feedback shows it next to the form), as a short page with a way back
otherwise. API endpoints do not use this: a call to them is explicit already.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pamong.core.web import is_fragment_request

FIELD = "confirmed"
V = TypeVar("V", bound=Callable[..., HttpResponse])


class Unconfirmed(SuspiciousOperation):
    """An irreversible step posted without `confirmed=1` (a plain 400 if left uncaught)."""


def message() -> str:
    return _(
        "Langkah ini tidak dapat dibatalkan: centang “Saya yakin” lalu kirim lagi. "
        "Tidak ada yang diubah."
    )


def require_confirmed(request: HttpRequest) -> None:
    if request.POST.get(FIELD) != "1":
        raise Unconfirmed(FIELD)


def unconfirmed_response(request: HttpRequest) -> HttpResponse:
    text = message()
    if is_fragment_request(request):
        # Plain text: the feedback middleware turns it into the in-place alert.
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    context = {"message": text, "back_url": back}
    return render(request, "ui/confirm_required.html", context, status=400)


def irreversible(view: V) -> V:
    """Answer 400 (nothing changed) when the view's `require_confirmed` finds no confirmation."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Unconfirmed:
            return unconfirmed_response(request)

    wrapped.irreversible = True  # type: ignore[attr-defined]
    return cast(V, wrapped)
