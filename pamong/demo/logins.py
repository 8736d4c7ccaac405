"""Demo logins: one account per role and tenant, three employee personas, the superadmin.

Every demo login gets the same password hash, computed once: hashing is deliberately slow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django_scopes import scopes_disabled

from pamong.core.models import AuditLog, Role, RoleGrant, Tenant, User
from pamong.demo.bulk import BATCH
from pamong.org.models import Employee

DEMO_PASSWORD = "pamong-demo"  # noqa: S105 - documented demo-only password
SUPERADMIN = "superadmin"
ROLE_LOGINS = (
    ("admin", Role.BKPSDM_ADMIN),
    ("keuangan", Role.FINANCE),
    ("penyetuju", Role.APPROVER),
    ("auditor", Role.AUDITOR),
)


@dataclass
class Login:
    tenant: str
    role: str
    username: str
    password: str = DEMO_PASSWORD


def ensure_superadmin(password_hash: str) -> Login:
    with scopes_disabled():
        user, created = User.objects.get_or_create(
            username=SUPERADMIN,
            defaults={"is_superuser": True, "is_staff": True, "password": password_hash},
        )
    return Login("-", "superadmin", user.username)


def existing_logins(tenant: Tenant, password_hash: str) -> list[Login]:
    """Logins of a tenant generated earlier: personas are read from its demo audit entry."""
    entry = (
        AuditLog.objects.filter(tenant=tenant, action="demo.tenant.generated")
        .order_by("-id")
        .first()
    )
    if entry is None:
        return []
    personas: dict[str, str] = entry.data.get("personas", {})
    employees = {
        e.nip: e for e in Employee.objects.filter(tenant=tenant, nip__in=list(personas.values()))
    }
    ensure_users(tenant, password_hash, personas, employees)
    return login_rows(tenant, personas)


def login_rows(tenant: Tenant, personas: dict[str, str]) -> list[Login]:
    rows = [
        Login(tenant.slug, role.value, f"{prefix}.{tenant.slug}") for prefix, role in ROLE_LOGINS
    ]
    rows += [Login(tenant.slug, role, nip) for role, nip in personas.items()]
    return rows


def ensure_users(
    tenant: Tenant,
    password_hash: str,
    personas: dict[str, str],
    employees: dict[str, Employee],
) -> None:
    wanted = {f"{p}.{tenant.slug}": role for p, role in ROLE_LOGINS}
    existing = set(
        User.objects.filter(username__in=[*wanted, *personas.values()]).values_list(
            "username", flat=True
        )
    )
    new = [
        User(username=name, tenant=tenant, password=password_hash)
        for name in wanted
        if name not in existing
    ]
    new += [
        User(username=nip, tenant=tenant, employee=employees[nip], password=password_hash)
        for nip in personas.values()
        if nip not in existing and nip in employees
    ]
    User.objects.bulk_create(new)
    users = {u.username: u for u in User.objects.filter(tenant=tenant, username__in=list(wanted))}
    # The unique constraint does not catch these: unit is NULL, and NULLs never collide.
    granted = set(
        RoleGrant.objects.filter(
            tenant=tenant, user__in=list(users.values()), unit__isnull=True
        ).values_list("user__username", "role")
    )
    RoleGrant.objects.bulk_create(
        RoleGrant(tenant=tenant, user=users[name], role=role)
        for name, role in wanted.items()
        if (name, role) not in granted
    )


def logins_for_all(tenant: Tenant, password_hash: str) -> int:
    taken = set(User.objects.filter(tenant=tenant).values_list("username", flat=True))
    rows = Employee.objects.filter(tenant=tenant).values_list("id", "nip")
    users = [
        User(username=nip, tenant=tenant, employee_id=pk, password=password_hash)
        for pk, nip in rows
        if nip not in taken
    ]
    User.objects.bulk_create(users, batch_size=BATCH, ignore_conflicts=True)
    return len(users)
