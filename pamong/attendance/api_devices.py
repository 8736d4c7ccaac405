"""Device push endpoint: POST attendance/device-punches/ with `Authorization: Device <token>`.

Body: {"punches": [{"nip": "...", "waktu": "2026-11-02 07:41:05"}, ...], "skip_unknown": false}
201 with counts when something new was stored, 200 when every punch was already there,
400 {"errors": [{"item", "field", "message"}]} when any item is bad (nothing stored).
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django_scopes import scope, scopes_disabled
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pamong.core.api import api_doc
from pamong.core.errors import InputErrors

from .devices import hash_token, push_punches
from .models import Device


class DeviceTokenAuthentication(BaseAuthentication):
    keyword = "Device"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid device token header.")
        key = parts[1].decode(errors="replace")
        with scopes_disabled():
            device = (
                Device.objects.select_related("tenant")
                .filter(token_hash=hash_token(key), active=True)
                .first()
            )
        if device is None or not device.tenant.is_active:
            raise AuthenticationFailed("Invalid or deactivated device token.")
        return None, device

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IsDevice(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, Device)


@api_doc("Punches pushed by an attendance device (Device token)")
class DevicePunchApi(APIView):
    authentication_classes = [DeviceTokenAuthentication]
    permission_classes = [IsDevice]

    def post(self, request: Request) -> Response:
        device = request.auth
        assert isinstance(device, Device)  # IsDevice ran before
        data = request.data if isinstance(request.data, dict) else {}
        with scope(tenant=device.tenant):
            try:
                result = push_punches(
                    device=device,
                    items=data.get("punches"),
                    skip_unknown=data.get("skip_unknown") is True,
                )
            except InputErrors as exc:
                return Response(
                    {"errors": [{"item": e.row, "field": e.column, "message": e.message}
                                for e in exc.errors]},
                    status=status.HTTP_400_BAD_REQUEST,
                )  # fmt: skip
        return Response(
            {**result.as_dict(), "skipped": [{"item": r, "nip": n} for r, n in result.skipped]},
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


urlpatterns = [
    path("attendance/device-punches/", DevicePunchApi.as_view(), name="device-punches"),
]


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    """Documents `Authorization: Device <token>` in the OpenAPI schema."""

    target_class = DeviceTokenAuthentication
    name = "deviceToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Device <token>` of an attendance device",
        }
