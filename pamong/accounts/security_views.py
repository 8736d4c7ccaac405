"""A user's own sign-in security: second step, authenticator enrolment, passwords, sessions."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts import services
from pamong.accounts.forms import TokenForm
from pamong.accounts.twofactor import (
    HAS_DEVICE_SESSION_KEY,
    qr_svg,
    session_verified,
    two_factor_mandatory,
)

PENDING_DEVICE_KEY = "pamong_otp_pending"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(reverse_lazy("ui:home"))


def _has_totp(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@require_GET
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    actor = getattr(request, "actor", None)
    return render(
        request,
        "accounts/security.html",
        {
            "has_2fa": _has_totp(user),
            "mandatory": two_factor_mandatory(actor),
            "recovery_left": StaticDevice.objects.filter(user=user)
            .values_list("token_set__token", flat=True)
            .exclude(token_set__token=None)
            .count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not _has_totp(request.user):
        return redirect(f"{reverse_lazy('accounts:enrol')}?next={_next(request)}")
    if session_verified(request):
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("token", _("Kode salah atau sudah dipakai."))
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code with an authenticator app, then type one code to confirm."""
    user = request.user
    if _has_totp(user) and not session_verified(request):
        return redirect(f"{reverse_lazy('accounts:verify')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(
        user=user, pk=request.session.get(PENDING_DEVICE_KEY) or 0, confirmed=False
    ).first()
    if device is None:
        device = services.totp_device_start(user=user)  # type: ignore[arg-type]
        request.session[PENDING_DEVICE_KEY] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            user=user,  # type: ignore[arg-type]
            device=device,
            token=form.cleaned_data["token"].strip(),
        )
        if codes is not None:
            del request.session[PENDING_DEVICE_KEY]
            django_otp.login(request, device)
            request.session[HAS_DEVICE_SESSION_KEY] = True
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("token", _("Kode tidak cocok. Periksa jam ponsel lalu coba lagi."))
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "next": _next(request),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def recovery_renew(request: HttpRequest) -> HttpResponse:
    try:
        codes = services.recovery_codes_renew(user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:security")
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": "/akun/keamanan/"}
    )


@require_POST
@login_required
def two_factor_off(request: HttpRequest) -> HttpResponse:
    if two_factor_mandatory(getattr(request, "actor", None)):
        messages.error(request, _("Peran Anda mewajibkan verifikasi dua langkah."))
        return redirect("accounts:security")
    actor = request.actor  # type: ignore[attr-defined]
    services.two_factor_reset(actor=actor, user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Verifikasi dua langkah dimatikan. Silakan masuk lagi."))
    return redirect("ui:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(self.request, _("Kata sandi diganti. Sesi lain telah diakhiri."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
