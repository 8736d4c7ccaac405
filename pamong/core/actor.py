"""Who is acting: a web user, an API token, a CLI operator or a background task.

The actor is built once per request (or command, or task) and carries everything the
permission layer needs, so no check re-queries the roles.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field

from django_scopes import scopes_disabled

from pamong.core.models import ApiToken, Role, RoleGrant, Tenant, User


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
    # Roles held only through grants limited to OPDs, with those OPD ids. A role with any
    # grant for the whole tenant is not listed here: it is unlimited.
    role_limits: tuple[tuple[str, frozenset[int]], ...] = ()

    @property
    def is_supervisor(self) -> bool:
        return bool(self.subordinate_ids)

    @property
    def is_opd_head(self) -> bool:
        return bool(self.opd_ids)


# The organisation app registers how to find the OPDs an employee heads and their direct
# subordinates (pamong/org/apps.py). Core sits below org and never imports it.
EmployeeFacts = Callable[[Tenant, int], tuple[set[int], set[int]]]
_employee_facts: EmployeeFacts | None = None


def register_employee_facts(provider: EmployeeFacts) -> None:
    global _employee_facts
    _employee_facts = provider


def _facts(tenant: Tenant, employee_id: int | None) -> tuple[set[int], set[int]]:
    if employee_id is None:
        return set(), set()
    if _employee_facts is None:
        raise RuntimeError("pamong.org is not installed: no employee facts for the actor")
    with scopes_disabled():
        return _employee_facts(tenant, employee_id)


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
            RoleGrant.objects.filter(tenant=tenant, user=user).values_list(
                "role", "unit_id", "unit__opd_id"
            )
        )
        employee = user.employee
    roles = {role for role, _unit, _opd in grants}
    opd_ids, subordinates = _facts(tenant, employee.pk if employee else None)
    opd_ids |= {unit for role, unit, _opd in grants if role == Role.OPD_HEAD and unit is not None}
    limits: dict[str, set[int]] = {}
    unlimited = {role for role, unit, _opd in grants if unit is None}
    for role, unit, opd in grants:
        if unit is not None and role not in unlimited:
            # A grant names an OPD (the form offers only OPDs); a unit below one stands for
            # its OPD's subtree.
            limits.setdefault(role, set()).add(opd or unit)
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
        role_limits=tuple(sorted((r, frozenset(o)) for r, o in limits.items())),
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
