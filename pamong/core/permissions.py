"""The one permission layer used by pages, the API and the CLI.

Capabilities come from roles; object rules (own record, own subordinates, own OPD) live in
the `*_visible_to` selectors and `get_*_for_actor` helpers of each app.

A role grant can be limited to one or more OPDs (`pamong role grant --unit`). A limited
role keeps only the capabilities that the selectors narrow to an OPD (OPD_SCOPED: seeing
records of employees, TPP slips, evaluation figures); tenant-wide actions (computing or
approving a TPP run, the audit log, accounts, recruitment) need an unlimited grant. The
selectors ask `perm_opds` which OPDs a capability covers.
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


# Capabilities whose selectors filter by OPD, so that a role limited to OPDs keeps them.
OPD_SCOPED: frozenset[str] = frozenset(
    {
        "org.view_all",
        "org.view_opd",
        "attendance.view_all",
        "performance.view_all",
        "tpp.view_all",
        "tpp.budget",
        "leave.view_all",
        "competence.view_all",
        "evaluation.view_all",
        "careers.view_all",
    }
)


def permissions_of(actor: Actor) -> frozenset[str]:
    limited = {role for role, _opds in actor.role_limits}
    perms: set[str] = set()
    for role in actor.roles:
        granted = ROLE_PERMISSIONS.get(role, frozenset())
        perms |= granted & OPD_SCOPED if role in limited else granted
    return frozenset(perms)


def perm_opds(actor: Actor, perm: str) -> frozenset[int] | None:
    """Where the actor holds `perm`: None for the whole tenant, else the OPD ids (top-level
    unit ids) of their limited grants (empty: nowhere)."""
    if not has_perm(actor, perm):
        return frozenset()
    if actor.is_system:
        return None
    limits = dict(actor.role_limits)
    opds: set[int] = set()
    for role in actor.roles:
        if perm in ROLE_PERMISSIONS.get(role, frozenset()):
            if role not in limits:
                return None
            opds |= limits[role]
    return frozenset(opds)


def opds_in_view(actor: Actor, perm: str) -> frozenset[int] | None:
    """None when `perm` covers the whole tenant; else the OPDs the actor sees through it
    or as head of OPD (the usual second branch of a `*_visible_to` selector)."""
    scope = perm_opds(actor, perm)
    return None if scope is None else scope | actor.opd_ids


def has_perm(actor: Actor, perm: str) -> bool:
    if actor.tenant is None:
        return False
    if actor.is_system:
        return True
    return perm in permissions_of(actor)


def require(actor: Actor, perm: str) -> None:
    if not has_perm(actor, perm):
        raise PermissionDenied(perm)


def sees_all(actor: Actor, perm: str) -> bool:
    """The actor holds `perm` over the whole tenant (not only through OPD-limited grants)."""
    return perm_opds(actor, perm) is None
