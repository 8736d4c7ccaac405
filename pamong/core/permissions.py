"""The one permission layer used by pages, the API and the CLI.

Capabilities come from roles; object rules (own record, own subordinates, own OPD) live in
the `*_visible_to` selectors and `get_*_for_actor` helpers of each app.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from pamong.core.actor import Actor
from pamong.core.models import Role

# Capability codes, namespaced by app.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.BKPSDM_ADMIN: frozenset(
        {
            "org.view_all",
            "org.change",
            "org.import",
            "api.tokens",
            "audit.view",
            "attendance.view_all",
            "attendance.manage",
            "performance.view_all",
            "performance.manage",
            "tpp.view_all",
            "tpp.manage_policy",
            "participation.view",
            "participation.manage",
            "leave.view_all",
            "leave.manage",
            "leave.decide_all",
            "recruitment.view",
            "recruitment.manage",
            "accounts.view",
            "accounts.manage",
            "competence.view_all",
            "competence.manage",
            "evaluation.view_all",
            "evaluation.manage",
            "careers.view_all",
            "careers.manage",
        }
    ),
    Role.FINANCE: frozenset(
        {"org.view_all", "tpp.view_all", "tpp.run", "tpp.verify", "tpp.pay", "tpp.budget"}
    ),
    Role.APPROVER: frozenset({"org.view_all", "tpp.view_all", "tpp.approve"}),
    Role.AUDITOR: frozenset(
        {
            "org.view_all",
            "audit.view",
            "attendance.view_all",
            "performance.view_all",
            "tpp.view_all",
            "participation.view",
            "leave.view_all",
            "recruitment.view",
            "accounts.view",
            "competence.view_all",
            "evaluation.view_all",
            "careers.view_all",
        }
    ),
    Role.OPD_HEAD: frozenset({"org.view_opd"}),
    Role.PIMPINAN: frozenset({"org.view_all", "evaluation.view_all"}),
}


def permissions_of(actor: Actor) -> frozenset[str]:
    perms: set[str] = set()
    for role in actor.roles:
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


def has_perm(actor: Actor, perm: str) -> bool:
    if actor.tenant is None:
        return False
    if actor.is_system:
        return True
    return perm in permissions_of(actor)


def require(actor: Actor, perm: str) -> None:
    if not has_perm(actor, perm):
        raise PermissionDenied(perm)
