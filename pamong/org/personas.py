"""Helpers for the modules' demo hooks: who plays which part, and a bounded sample.

The hooks drive each module's services as the people involved (the employee submits,
the supervisor approves), so every rule and audit entry holds for demo data too.
"""

from __future__ import annotations

import datetime as dt
import random

from pamong.core.actor import Actor, actor_for_user
from pamong.core.models import Tenant, User
from pamong.org.models import Employee, Unit

# The demo personas live in BKPSDM (pamong.demo.generator.TenantBuilder._personas).
PERSONA_OPD_PREFIX = "Badan Kepegawaian"


def employee_actor(tenant: Tenant, employee_id: int) -> Actor:
    """The employee acting in person: their login if they have one, else the same facts."""
    user = User.objects.filter(tenant=tenant, employee_id=employee_id).first()
    if user is not None:
        return actor_for_user(user)
    nip = Employee.objects.filter(pk=employee_id).values_list("nip", flat=True).first()
    opds = Unit.objects.filter(tenant=tenant, head_id=employee_id, parent__isnull=True)
    subordinates = Employee.objects.filter(tenant=tenant, supervisor_id=employee_id)
    return Actor(
        tenant=tenant,
        label=f"demo:{nip}",
        employee_id=employee_id,
        opd_ids=frozenset(opds.values_list("id", flat=True)),
        subordinate_ids=frozenset(subordinates.values_list("id", flat=True)),
    )


def persona_opd(tenant: Tenant) -> Unit | None:
    top = Unit.objects.filter(tenant=tenant, parent__isnull=True).order_by("code")
    return top.filter(name__startswith=PERSONA_OPD_PREFIX).first() or top.first()


def personas(tenant: Tenant) -> dict[str, Employee]:
    """The opd_head, supervisor and employee personas. The hooks run before the demo audit
    entry names them, but their logins are the tenant's first employee logins (made before
    any --all-logins ones, in this order)."""
    ids = list(
        User.objects.filter(tenant=tenant, employee__isnull=False)
        .order_by("pk")
        .values_list("employee_id", flat=True)[:3]
    )
    found = Employee.objects.select_related("unit", "position").in_bulk(ids)
    return {
        role: found[pk]
        for role, pk in zip(("opd_head", "supervisor", "employee"), ids, strict=False)
        if pk in found
    }


def chain_sample(tenant: Tenant, limit: int) -> list[Employee]:
    """Up to about `limit` active employees, supervisors before their staff: the personas
    with everyone above them and the supervisor persona's staff, then the persona OPD
    breadth-first from its head."""
    chosen: dict[int, Employee] = {}
    found = personas(tenant)
    for e in found.values():
        chosen[e.pk] = e
    ancestors = [e.supervisor_id for e in found.values()]
    while ancestors:  # walk up: the cascade needs every SKP above
        ups = Employee.objects.filter(tenant=tenant, pk__in=[a for a in ancestors if a])
        ancestors = []
        for e in ups.select_related("unit", "position"):
            if e.pk not in chosen:
                chosen[e.pk] = e
                ancestors.append(e.supervisor_id)
    supervisor = found.get("supervisor")
    if supervisor is not None:
        mates = Employee.objects.filter(tenant=tenant, supervisor=supervisor, status="aktif")
        for e in mates.select_related("unit", "position").order_by("nip")[:8]:
            chosen.setdefault(e.pk, e)
    opd = persona_opd(tenant)
    if opd is not None and opd.head_id is not None:
        staff = list(
            Employee.objects.filter(tenant=tenant, opd=opd, status="aktif")
            .select_related("unit", "position")
            .order_by("nip")[: limit * 20]
        )
        by_supervisor: dict[int | None, list[Employee]] = {}
        for e in staff:
            by_supervisor.setdefault(e.supervisor_id, []).append(e)
        queue = [e for e in staff if e.pk == opd.head_id]
        while queue and len(chosen) < limit:
            current = queue.pop(0)
            chosen.setdefault(current.pk, current)
            queue += [e for e in by_supervisor.get(current.pk, []) if e.pk != current.pk]
    return sorted(chosen.values(), key=lambda e: (_depth(e, chosen), e.nip))


def _depth(e: Employee, chosen: dict[int, Employee]) -> int:
    depth, seen = 0, {e.pk}
    while e.supervisor_id in chosen and e.supervisor_id not in seen:
        e = chosen[e.supervisor_id]
        seen.add(e.pk)
        depth += 1
    return depth


def random_sample(tenant: Tenant, rng: random.Random, size: int) -> list[Employee]:
    """`size` active employees anywhere in the tenant, read without scanning it all."""
    ids = list(
        Employee.objects.filter(tenant=tenant, status="aktif")
        .order_by("pk")
        .values_list("pk", flat=True)[: size * 50]
    )
    chosen = sorted(rng.sample(ids, min(size, len(ids))))
    return list(Employee.objects.filter(pk__in=chosen).select_related("unit").order_by("pk"))


def current_year(months: list[str]) -> int:
    """The year the demo is 'in': that of the month after the last demo month."""
    return month_after(months)[0].year


def month_after(months: list[str]) -> tuple[dt.date, dt.date]:
    """First and last day of the month following the demo months (the 'current' month)."""
    last = dt.date.fromisoformat(f"{max(months)}-01")
    first = (last + dt.timedelta(days=32)).replace(day=1)
    end = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, end
