"""`pamong demo --reset`: remove a tenant's data but keep the tenant and its audit log."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError

from pamong.core.models import Tenant, TenantOwned, User
from pamong.org.models import Employee, Unit


def delete_tenant_data(tenant: Tenant) -> None:
    """Remove every tenant-owned row and the tenant's users; the tenant and its audit stay.

    Models of other apps are found generically (every TenantOwned subclass); a model
    protected by another is retried after that one is gone.
    """
    Employee.objects.filter(tenant=tenant).update(supervisor=None, supervisor_explicit=None)
    Unit.objects.filter(tenant=tenant).update(head=None, parent=None, opd=None)
    User.objects.filter(tenant=tenant).delete()
    pending = _dependents_first([m for m in apps.get_models() if issubclass(m, TenantOwned)])
    for _round in range(len(pending) + 1):
        blocked = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._default_manager.filter(tenant=tenant).delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if not blocked:
            return
        pending = blocked
    raise RuntimeError(f"cannot delete data of {[m.__name__ for m in pending]}")


def _dependents_first(models: list[type[Model]]) -> list[type[Model]]:
    """Order models so that one pointing at another is deleted before it (fewer cascades)."""
    refs = {
        m: {
            f.related_model
            for f in m._meta.concrete_fields
            if f.is_relation and f.related_model in models and f.related_model is not m
        }
        for m in models
    }
    ordered: list[type[Model]] = []
    remaining = list(models)
    while remaining:
        free = [m for m in remaining if not any(m in refs[o] for o in remaining if o is not m)]
        free = free or remaining[:1]  # a reference cycle: the retry loop sorts it out
        ordered += free
        remaining = [m for m in remaining if m not in free]
    return ordered
