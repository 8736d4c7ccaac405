"""Per-request sign-in policy: ended service, a one-time code to replace, the second step."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.accounts.backends import login_allowed
from pamong.accounts.twofactor import second_step_needed

# Pages a half-signed-in user may still reach (sign-in steps, sign-out, assets, language).
OPEN_PREFIXES = ("/static/", "/i18n/", "/jsi18n/", "/keluar/", "/masuk/", "/akun/masuk/")


class SignInPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not login_allowed(user):
            logout(request)
            messages.error(request, _("Akun ini tidak aktif lagi."))
            return redirect("ui:login")
        path = request.path_info
        if path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        target = None
        if second_step_needed(request, getattr(request, "actor", None)):
            target = "accounts:verify"
        elif user.must_change_password:
            target = "accounts:password-change"
        if target is None or path == reverse(target):
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"detail": _("Selesaikan langkah masuk lebih dulu.")}, status=403)
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
