"""Permission-checked reads. Views, API and CLI fetch org records only through these."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee, TenantOfficials, Unit


def _visibility_filter(actor: Actor) -> Q | None:
    """None means the whole tenant; otherwise the Q of employees this actor may see."""
    opds = opds_in_view(actor, "org.view_all")
    if opds is None:
        return None
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(pk=actor.employee_id) | Q(supervisor_id=actor.employee_id)
    if opds:
        q |= Q(opd_id__in=opds)
    return q


def employees_visible_to(actor: Actor) -> QuerySet[Employee]:
    if actor.tenant is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(tenant=actor.tenant)
    q = _visibility_filter(actor)
    return qs if q is None else qs.filter(q)


def can_see_employee(actor: Actor, employee: Employee) -> bool:
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        return False
    opds = opds_in_view(actor, "org.view_all")
    if opds is None:
        return True
    return (
        employee.pk == actor.employee_id
        or (actor.employee_id is not None and employee.supervisor_id == actor.employee_id)
        or employee.opd_id in opds
    )


def get_employee_for_actor(actor: Actor, pk: int, *, write: bool = False) -> Employee:
    """404 outside the actor's tenant, 403 inside it without the right."""
    if actor.tenant is None:
        raise Http404
    employee = (
        Employee.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("position", "unit", "opd", "supervisor", "supervisor__position")
        .first()
    )
    if employee is None:
        raise Http404
    if not can_see_employee(actor, employee):
        raise PermissionDenied
    if write and not has_perm(actor, "org.change"):
        raise PermissionDenied
    return employee


def get_employee_by_nip_for_actor(actor: Actor, nip: str) -> Employee:
    if actor.tenant is None:
        raise Http404
    employee = Employee.objects.filter(tenant=actor.tenant, nip=nip).first()
    if employee is None:
        raise Http404
    return get_employee_for_actor(actor, employee.pk)


def units_visible_to(actor: Actor) -> QuerySet[Unit]:
    if actor.tenant is None:
        return Unit.objects.none()
    qs = Unit.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "org.view_all")
    if opds is None:
        return qs
    if opds:
        return qs.filter(opd_id__in=opds)
    return qs.none()


def can_open_unit(actor: Actor | None, unit: Unit) -> bool:
    """Whether `get_unit_for_actor` lets the actor open the unit's page: the same rule as
    `units_visible_to`, without a query (links to pages that would answer 403 are hidden)."""
    if actor is None or actor.tenant is None or unit.tenant_id != actor.tenant.pk:
        return False
    return has_perm(actor, "org.view_all") or unit.opd_id in actor.opd_ids


def get_unit_for_actor(actor: Actor, pk: int, *, write: bool = False) -> Unit:
    if actor.tenant is None:
        raise Http404
    unit = Unit.objects.filter(tenant=actor.tenant, pk=pk).select_related("parent", "head").first()
    if unit is None:
        raise Http404
    if not can_open_unit(actor, unit):
        raise PermissionDenied
    if write and not has_perm(actor, "org.change"):
        raise PermissionDenied
    return unit


def supervisor_chain(employee: Employee, limit: int = 12) -> list[Employee]:
    """The supervisor, their supervisor, and so on (bounded: cycles are refused on write)."""
    chain: list[Employee] = []
    seen = {employee.pk}
    current = employee.supervisor
    while current is not None and current.pk not in seen and len(chain) < limit:
        chain.append(current)
        seen.add(current.pk)
        current = (
            Employee.objects.select_related("supervisor", "position").get(pk=current.pk).supervisor
        )
    return chain


def active_employees_per_opd(
    tenant_id: int, start: dt.date, end: dt.date, *, level: str = "opd"
) -> dict[int, int]:
    """Employees on the books at some point of start..end, counted per OPD (one query);
    per unit (the employee's own unit) with level="unit".

    An employee counts unless they left before `start` (end_date) or joined after `end`
    (tmt_unit): the denominator of the evaluation's per-employee indicators.
    """
    qs = (
        Employee.objects.filter(tenant_id=tenant_id)
        .exclude(end_date__lt=start)
        .exclude(tmt_unit__gt=end)
        .values_list("unit_id" if level == "unit" else "opd_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {opd_id: n for opd_id, n in qs if opd_id is not None}


def top_units(tenant_id: int) -> list[Unit]:
    """The OPDs (top-level units) in code order."""
    return list(Unit.objects.filter(tenant_id=tenant_id, parent=None).order_by("code"))


def sekda_of(tenant: Tenant) -> Employee | None:
    """The tenant's Sekda (set by BKPSDM), who rates the heads of OPD."""
    officials = TenantOfficials.objects.filter(tenant=tenant).select_related("sekda").first()
    return officials.sekda if officials is not None else None
