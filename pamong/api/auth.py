"""Token authentication for integrations: `Authorization: Token <key>`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django_scopes import scopes_disabled
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from pamong.accounts.backends import login_allowed
from pamong.core import clock
from pamong.core.actor import actor_for_user
from pamong.core.models import ApiToken


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed("Invalid token header.")
        key = parts[1].decode(errors="replace")
        now = clock.now()
        with scopes_disabled():
            token = (
                ApiToken.objects.select_related("user", "tenant")
                .filter(key_hash=ApiToken.hash_key(key), revoked=False)
                .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
                .first()
            )
            if (
                token is None
                or not token.tenant.is_active
                or not login_allowed(token.user)  # inactive, or the employee's service ended
            ):
                raise AuthenticationFailed("Invalid, expired or revoked token.")
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request._request.actor = actor_for_user(token.user, token=token)  # type: ignore[attr-defined]
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
