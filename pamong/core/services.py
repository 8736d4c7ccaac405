"""Platform services: tenants and users."""

from __future__ import annotations

from django.db import transaction

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant

TENANT_FIELDS = ["slug", "name", "timezone", "is_active"]


@transaction.atomic
def tenant_create(*, actor: Actor, slug: str, name: str, timezone: str) -> Tenant:
    tenant = Tenant(slug=slug, name=name, timezone=timezone)
    tenant.full_clean()
    tenant.save()
    audit(
        actor=actor, action="core.tenant.created", obj=tenant, after=snapshot(tenant, TENANT_FIELDS)
    )
    return tenant


@transaction.atomic
def tenant_update(
    *, actor: Actor, tenant: Tenant, name: str, timezone: str, is_active: bool
) -> Tenant:
    before = snapshot(tenant, TENANT_FIELDS)
    tenant.name, tenant.timezone, tenant.is_active = name, timezone, is_active
    tenant.full_clean()
    tenant.save()
    audit(
        actor=actor,
        action="core.tenant.updated",
        obj=tenant,
        before=before,
        after=snapshot(tenant, TENANT_FIELDS),
    )
    return tenant
