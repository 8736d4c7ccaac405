"""Control characters are refused at the door, for every form and API write.

A name with U+000B set through the API once made every XLSX export of its tenant fail.
No field of Pamong has a use for C0 control characters other than tab, line feed and
carriage return (or for DEL), so `ControlCharacterMiddleware` answers any POST, PUT or
PATCH whose form fields or JSON strings hold one with 400 and a message naming the field.
Imports check their cells the same way (`has_control_character`, imports/tabular.py);
exports strip them anyway (core/spreadsheet.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_character(text: str) -> bool:
    return CONTROL.search(text) is not None


def control_message(text: str) -> str:
    match = CONTROL.search(text)
    code = f"U+{ord(match.group()):04X}" if match else ""
    return _("berisi karakter kendali %(code)s yang tidak diizinkan") % {"code": code}


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(str(key), path)
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def first_bad_field(request: HttpRequest) -> tuple[str, str] | None:
    content_type = request.content_type or ""
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            return None  # the view answers a broken body itself
        pairs: Iterator[tuple[str, str]] = _strings(data, "")
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        pairs = ((key, value) for key, values in request.POST.lists() for value in values)
    else:
        return None
    for field, text in pairs:
        if has_control_character(text):
            return field or "body", text
    return None


class ControlCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH"):
            bad = first_bad_field(request)
            if bad is not None:
                field, text = bad
                message = f"{field}: {control_message(text)}"
                if request.path.startswith("/api/"):
                    return JsonResponse({field: [control_message(text)]}, status=400)
                return HttpResponse(
                    f"<!doctype html><title>400</title><p>{escape(message)}</p>", status=400
                )
        return self.get_response(request)
