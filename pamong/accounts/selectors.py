"""Permission-checked reads of accounts: another tenant's id is a 404, no right a 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.models import RoleGrant, User
from pamong.core.permissions import has_perm, require


def users_visible_to(actor: Actor) -> QuerySet[User]:
    require(actor, "accounts.view")
    return (
        User.objects.filter(tenant=actor.tenant)
        .select_related("employee")
        .prefetch_related(
            Prefetch("role_grants", queryset=RoleGrant.objects.select_related("unit"))
        )
        .order_by("username")
    )


def get_user_for_actor(actor: Actor, pk: int) -> User:
    user = User.objects.filter(pk=pk, tenant__isnull=False).select_related("tenant").first()
    if user is None or actor.tenant is None or user.tenant_id != actor.tenant.pk:
        raise Http404
    if not has_perm(actor, "accounts.view"):
        raise PermissionDenied
    return user


def role_holders(actor: Actor) -> QuerySet[RoleGrant]:
    require(actor, "accounts.view")
    return (
        RoleGrant.objects.filter(tenant=actor.tenant)
        .select_related("user", "user__employee", "unit")
        .order_by("role", "user__username")
    )


def get_grant_for_actor(actor: Actor, pk: int) -> RoleGrant:
    grant = RoleGrant.objects.filter(pk=pk, tenant=actor.tenant).select_related("user").first()
    if grant is None:
        raise Http404
    return grant
