"""Signal handlers: sign-in bookkeeping, lockout audit, roles ending with a transfer."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django_scopes import scopes_disabled

from pamong.accounts import services
from pamong.accounts.twofactor import remember_enrolment
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import User
from pamong.org.signals import employees_transferred


@receiver(user_logged_in)
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_enrolment(request, user)


@receiver(user_locked_out)
def _on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    with scopes_disabled():
        user = User.objects.select_related("tenant").filter(username=username or "").first()
    tenant = user.tenant if user is not None else None
    audit(
        actor=Actor(tenant=tenant, label=f"sign-in:{ip_address}"[:200]),
        action="accounts.login.locked_out",
        obj=user,
        data={"username": (username or "")[:150], "ip_address": ip_address},
    )


@receiver(employees_transferred)
def _on_transfer(sender: Any, actor: Actor, moves: list[tuple[int, int, int]], **kw: Any) -> None:
    with scopes_disabled():
        services.revoke_roles_after_transfer(actor=actor, moves=moves)
