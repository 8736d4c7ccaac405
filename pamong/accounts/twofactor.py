"""Two-factor sign-in (TOTP apps and recovery codes through django-otp): who must use it.

Whether a session passed the second step is read from the session alone (the key django-otp
writes on `django_otp.login`), so no page pays a query for it. Removing a user's devices
raises their session epoch, which ends every session that was verified with them.
"""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

from pamong.core.actor import Actor
from pamong.core.models import Role, User

MANDATORY_ROLES = frozenset({Role.BKPSDM_ADMIN, Role.FINANCE, Role.APPROVER})
# Set at sign-in (and on enrolment): the user has a confirmed device, so the second step
# applies even where their roles do not make it mandatory.
HAS_DEVICE_SESSION_KEY = "pamong_otp_enrolled"


def two_factor_mandatory(actor: Actor | None) -> bool:
    if actor is None or not settings.PAMONG_REQUIRE_2FA:
        return False
    return actor.is_superadmin or bool(actor.roles & MANDATORY_ROLES)


def session_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def remember_enrolment(request: HttpRequest, user: User) -> None:
    request.session[HAS_DEVICE_SESSION_KEY] = user_has_device(user, confirmed=True)


def second_step_needed(request: HttpRequest, actor: Actor | None) -> bool:
    if session_verified(request):
        return False
    return two_factor_mandatory(actor) or bool(request.session.get(HAS_DEVICE_SESSION_KEY))


def qr_svg(data: str) -> str:
    """The enrolment QR code as inline SVG, made on the server (no CDN, no script)."""
    image: Any = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode()
