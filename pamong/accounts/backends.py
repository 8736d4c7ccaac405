"""Django's model backend, refusing employees whose service has ended (pensiun, berhenti)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django_scopes import scopes_disabled

from pamong.accounts.lifecycle import service_ended
from pamong.core import clock


def login_allowed(user: Any) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if user.tenant_id is None:
        return True
    with scopes_disabled():
        employee = user.employee
        tenant = user.tenant
    return not service_ended(employee, clock.today(tenant))


class PamongModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return login_allowed(user)

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, with the employee and tenant every page reads
        (login_allowed, the actor) in the same statement instead of two more."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("employee", "tenant").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes for sign-ins over HTTP. Without a request (a shell, `Client.login` in
    tests) there is no client to throttle, so it stands aside instead of failing."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
