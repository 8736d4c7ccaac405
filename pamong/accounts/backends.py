"""Django's model backend, refusing employees whose service has ended (pensiun, berhenti)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
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
