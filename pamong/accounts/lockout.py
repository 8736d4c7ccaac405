"""The page django-axes shows to a locked-out sign-in: says until when, in local time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core import clock


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> dt.datetime:
    cool_off = get_cool_off(request) or dt.timedelta(0)
    username = get_client_username(request, credentials) or ""
    address = get_client_ip_address(request) or ""
    latest = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=address)).aggregate(
        last=Max("attempt_time")
    )["last"]
    return (latest or clock.now()) + cool_off


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    until = timezone.localtime(locked_until(request, credentials))
    message = _(
        "Terlalu banyak percobaan masuk yang gagal. Akun atau alamat ini dikunci sementara; "
        "coba lagi setelah pukul %(time)s (%(date)s)."
    ) % {"time": until.strftime("%H:%M"), "date": until.strftime("%d-%m-%Y")}
    return render(
        request, "accounts/locked.html", {"message": message, "locked_until": until}, status=429
    )
