"""Who is acting: a web user, an API token, a CLI operator or a background task.

The actor is built once per request (or command, or task) and carries everything the
permission layer needs, so no check re-queries the roles.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django_scopes import scopes_disabled

from pamong.core.models import ApiToken, Role, RoleGrant, Tenant, User

if TYPE_CHECKING:
    from pamong.org.models import Employee


@dataclass(frozen=True)
class Actor:
    tenant: Tenant | None
    label: str
    user: User | None = None
    token: ApiToken | None = None
    roles: frozenset[str] = frozenset()
    employee_id: int | None = None
    # OPDs (top-level unit ids) this actor heads or was granted as head of OPD.
    opd_ids: frozenset[int] = frozenset()
    is_superadmin: bool = False
    is_system: bool = False
    subordinate_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.subordinate_ids)

    @property
    def is_opd_head(self) -> bool:
        return bool(self.opd_ids)


def _employee_facts(tenant: Tenant, employee: Employee | None) -> tuple[set[int], set[int]]:
    from pamong.org.models import Employee, Unit

    if employee is None:
        return set(), set()
    with scopes_disabled():
        headed_opds = set(
            Unit.objects.filter(tenant=tenant, head=employee, parent__isnull=True).values_list(
                "id", flat=True
            )
        )
        subordinates = set(
            Employee.objects.filter(tenant=tenant, supervisor=employee).values_list("id", flat=True)
        )
    return headed_opds, subordinates


def actor_for_user(user: User, token: ApiToken | None = None) -> Actor:
    if user.is_superuser and user.tenant_id is None:
        return Actor(
            tenant=None, label=f"superadmin:{user.username}", user=user, is_superadmin=True
        )
    tenant = user.tenant
    if tenant is None or not tenant.is_active:
        return Actor(tenant=None, label=f"user:{user.username}", user=user)
    with scopes_disabled():
        grants = list(
            RoleGrant.objects.filter(tenant=tenant, user=user).values_list("role", "unit_id")
        )
        employee = user.employee
    roles = {role for role, _unit in grants}
    opd_ids, subordinates = _employee_facts(tenant, employee)
    opd_ids |= {unit for role, unit in grants if role == Role.OPD_HEAD and unit is not None}
    if opd_ids:
        roles.add(Role.OPD_HEAD)
    label = f"token:{token.name}" if token else f"user:{user.username}"
    return Actor(
        tenant=tenant,
        label=label,
        user=user,
        token=token,
        roles=frozenset(roles),
        employee_id=employee.pk if employee else None,
        opd_ids=frozenset(opd_ids),
        subordinate_ids=frozenset(subordinates),
    )


def cli_actor(tenant: Tenant | None) -> Actor:
    """The operator at the console has full rights over the tenant named with --tenant."""
    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        who = "unknown"
    return Actor(
        tenant=tenant,
        label=f"cli:{who}",
        roles=frozenset(Role.values),
        is_system=True,
    )


def system_actor(tenant: Tenant | None, label: str = "system") -> Actor:
    return Actor(tenant=tenant, label=label, roles=frozenset(Role.values), is_system=True)
