"""Accounts, roles and sign-in state: the one write path for pages, the CLI and tasks.

Platform actions (the superadmin creating a Pemda's first administrator, `pamong user
create` without a tenant actor) are audited under the target tenant, so its BKPSDM sees them.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts.lifecycle import ended_q
from pamong.core import clock
from pamong.core.actor import Actor, system_actor
from pamong.core.audit import audit
from pamong.core.models import Role, RoleGrant, Tenant, User
from pamong.core.permissions import has_perm
from pamong.org.models import Employee, EmployeeStatus, Unit

# Letters and digits that cannot be mistaken for each other when read out over the phone.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODES = 10


def can_manage(actor: Actor, tenant: Tenant) -> bool:
    """The superadmin and the console for any tenant; a BKPSDM admin for their own."""
    if actor.is_superadmin or (actor.is_system and actor.tenant in (None, tenant)):
        return True
    return actor.tenant == tenant and has_perm(actor, "accounts.manage")


def require_manage(actor: Actor, tenant: Tenant) -> None:
    if not can_manage(actor, tenant):
        raise PermissionDenied("accounts.manage")


def _as_tenant(actor: Actor, tenant: Tenant) -> Actor:
    return actor if actor.tenant == tenant else dataclasses.replace(actor, tenant=tenant)


def one_time_code(length: int = 10) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def activation_link(user: User) -> str:
    """Django's password-reset link: it stops working once the password is set."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.PAMONG_BASE_URL}{path}"


def send_activation(user: User) -> bool:
    """E-mail the activation link; False when the user has no e-mail address."""
    if not user.email:
        return False
    body = render_to_string(
        "accounts/email/activation.txt",
        {"user": user, "link": activation_link(user), "tenant": user.tenant},
    )
    send_mail(_("Aktivasi akun Pamong"), body, None, [user.email])
    return True


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    tenant: Tenant,
    username: str,
    email: str = "",
    employee: Employee | None = None,
    roles: Iterable[str] = (),
) -> User:
    """One account with an unusable password; the user activates it by link or code."""
    require_manage(actor, tenant)
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if not username or len(username) > 150:
        errors["username"] = [_("nama pengguna wajib diisi (paling banyak 150 karakter)")]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [_("nama pengguna %(u)s sudah dipakai") % {"u": username}]
    if employee is not None and employee.tenant_id != tenant.pk:
        errors["employee"] = [_("pegawai tidak ditemukan di pemda ini")]
    elif employee is not None and User.objects.filter(employee=employee).exists():
        errors["employee"] = [_("pegawai ini sudah punya akun")]
    bad_roles = [r for r in roles if r not in Role.values]
    if bad_roles:
        errors["roles"] = [_("peran tidak dikenal: %(r)s") % {"r": ", ".join(bad_roles)}]
    if errors:
        raise ValidationError(errors)
    user = User(tenant=tenant, username=username, email=email.strip(), employee=employee)
    user.set_unusable_password()
    user.save()
    RoleGrant.objects.bulk_create(RoleGrant(tenant=tenant, user=user, role=r) for r in roles)
    audit(
        actor=_as_tenant(actor, tenant),
        action="accounts.user.created",
        obj=user,
        data={"username": username, "email": user.email, "roles": sorted(roles)},
    )
    return user


@transaction.atomic
def accounts_create_for_employees(
    *, actor: Actor, tenant: Tenant, employee_ids: Iterable[int] | None = None
) -> list[User]:
    """Accounts (login = NIP) for employees in service who have none yet; set-based."""
    require_manage(actor, tenant)
    today = clock.today(tenant)
    employees = Employee.objects.filter(tenant=tenant, user__isnull=True).exclude(
        ended_q(today, prefix="")
    )
    if employee_ids is not None:
        employees = employees.filter(pk__in=list(employee_ids))
    rows = list(
        employees.exclude(status=EmployeeStatus.DIBERHENTIKAN_SEMENTARA).values_list(
            "pk", "nip", "email"
        )
    )
    taken = set(
        User.objects.filter(username__in=[nip for _pk, nip, _e in rows]).values_list(
            "username", flat=True
        )
    )
    users = []
    for pk, nip, email in rows:
        if nip in taken:
            continue
        user = User(tenant=tenant, username=nip, email=email, employee_id=pk)
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=1000)
    if users:
        audit(
            actor=_as_tenant(actor, tenant),
            action="accounts.user.bulk_created",
            data={"count": len(users), "usernames": [u.username for u in users]},
        )
    return users


def _check_unit(tenant: Tenant, unit: Unit | None) -> None:
    if unit is not None and unit.tenant_id != tenant.pk:
        raise ValidationError({"unit": [_("unit tidak ditemukan di pemda ini")]})


@transaction.atomic
def role_grant(*, actor: Actor, user: User, role: str, unit: Unit | None = None) -> RoleGrant:
    """Give a role; `unit` limits it to that unit's subtree (required for head of OPD)."""
    assert user.tenant is not None
    tenant = user.tenant
    require_manage(actor, tenant)
    if role not in Role.values:
        raise ValidationError({"role": [_("peran tidak dikenal")]})
    if role == Role.OPD_HEAD and unit is None:
        raise ValidationError({"unit": [_("peran kepala OPD harus dibatasi pada satu OPD")]})
    _check_unit(tenant, unit)
    if unit is not None and unit.parent_id is not None:
        # The permission layer limits a role to whole OPDs (pamong/core/permissions.py).
        raise ValidationError({"unit": [_("peran hanya dapat dibatasi pada satu OPD")]})
    if not user.is_active:
        raise ValidationError({"user": [_("akun ini tidak aktif")]})
    # NULL units are distinct in the unique constraint, so check before inserting.
    if RoleGrant.objects.filter(tenant=tenant, user=user, role=role, unit=unit).exists():
        raise ValidationError({"role": [_("pengguna sudah memegang peran ini")]})
    grant = RoleGrant.objects.create(tenant=tenant, user=user, role=role, unit=unit)
    audit(
        actor=_as_tenant(actor, tenant),
        action="accounts.role.granted",
        obj=user,
        data={"role": role, "unit": unit.code if unit else None},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: Actor, grant: RoleGrant, reason: str = "") -> None:
    tenant = grant.tenant
    require_manage(actor, tenant)
    grant = (
        RoleGrant.objects.select_for_update(of=("self",))
        .select_related("user", "unit")
        .get(pk=grant.pk)
    )
    if grant.role == Role.BKPSDM_ADMIN and grant.unit_id is None:
        admins = RoleGrant.objects.select_for_update(of=("self",)).filter(
            tenant=tenant, role=Role.BKPSDM_ADMIN, unit__isnull=True, user__is_active=True
        )
        if admins.count() <= 1:
            raise ValidationError(
                {"role": [_("pemda harus tetap punya sedikitnya satu admin BKPSDM aktif")]}
            )
    grant.delete()
    audit(
        actor=_as_tenant(actor, tenant),
        action="accounts.role.revoked",
        obj=grant.user,
        data={
            "role": grant.role,
            "unit": grant.unit.code if grant.unit else None,
            "reason": reason,
        },
    )


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, active: bool, reason: str = "") -> User:
    assert user.tenant is not None
    require_manage(actor, user.tenant)
    tenant = user.tenant
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and actor.user is not None and actor.user.pk == user.pk:
        raise ValidationError({"user": [_("Anda tidak dapat menonaktifkan akun sendiri")]})
    if not active and RoleGrant.objects.filter(user=user, role=Role.BKPSDM_ADMIN).exists():
        others = RoleGrant.objects.filter(
            tenant=user.tenant, role=Role.BKPSDM_ADMIN, user__is_active=True
        ).exclude(user=user)
        if not others.exists():
            raise ValidationError(
                {"user": [_("pemda harus tetap punya sedikitnya satu admin BKPSDM aktif")]}
            )
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _end_sessions(user)
    audit(
        actor=_as_tenant(actor, tenant),
        action="accounts.user.activated" if active else "accounts.user.deactivated",
        obj=user,
        data={"reason": reason},
    )
    return user


@transaction.atomic
def one_time_code_issue(*, actor: Actor, user: User) -> str:
    """A code for a user without e-mail: it works once, then a new password is required."""
    assert user.tenant is not None
    require_manage(actor, user.tenant)
    if not user.is_active:
        raise ValidationError({"user": [_("akun ini tidak aktif")]})
    code = one_time_code()
    user.set_password(code)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _end_sessions(user)
    audit(actor=_as_tenant(actor, user.tenant), action="accounts.user.code_issued", obj=user)
    return code


@transaction.atomic
def activation_resend(*, actor: Actor, user: User) -> bool:
    assert user.tenant is not None
    require_manage(actor, user.tenant)
    sent = send_activation(user)
    if sent:
        audit(
            actor=_as_tenant(actor, user.tenant),
            action="accounts.user.activation_sent",
            obj=user,
            data={"email": user.email},
        )
    return sent


def _self_actor(user: User) -> Actor:
    return Actor(tenant=user.tenant, label=f"user:{user.username}", user=user)


@transaction.atomic
def sign_out_everywhere(*, user: User) -> None:
    _end_sessions(user)
    audit(actor=_self_actor(user), action="accounts.user.signed_out_everywhere", obj=user)


def password_changed(*, user: User) -> None:
    """After Django's password views: the one-time code is used up; audited."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    audit(actor=_self_actor(user), action="accounts.user.password_changed", obj=user)


# --- two-factor devices ---


def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator device (earlier unconfirmed ones are dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm with a code from the app; returns new recovery codes, or None if wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit(actor=_self_actor(user), action="accounts.2fa.enabled", obj=user)
    return codes


def _recovery_codes_replace(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [one_time_code(10) for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("aktifkan aplikasi autentikator lebih dulu"))
    codes = _recovery_codes_replace(user)
    audit(actor=_self_actor(user), action="accounts.2fa.recovery_renewed", obj=user)
    return codes


@transaction.atomic
def two_factor_reset(*, actor: Actor, user: User) -> None:
    """Remove a user's devices (lost phone): BKPSDM for its users, or the user (optional)."""
    if actor.user is None or actor.user.pk != user.pk:
        assert user.tenant is not None
        require_manage(actor, user.tenant)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _end_sessions(user)
    who = (
        actor if actor.tenant is not None or user.tenant is None else _as_tenant(actor, user.tenant)
    )
    audit(actor=who, action="accounts.2fa.reset", obj=user)


# --- lifecycle ---


@transaction.atomic
def close_ended_accounts(*, tenant: Tenant) -> list[User]:
    """Deactivate logins of employees whose service ended (run daily and hourly by beat)."""
    today = clock.today(tenant)
    users = list(
        User.objects.select_for_update()
        .filter(tenant=tenant, is_active=True, employee__isnull=False)
        .filter(ended_q(today))
    )
    if not users:
        return []
    User.objects.filter(pk__in=[u.pk for u in users]).update(
        is_active=False, session_epoch=F("session_epoch") + 1
    )
    actor = system_actor(tenant, label="system:account-lifecycle")
    for user in users:
        audit(
            actor=actor,
            action="accounts.user.deactivated",
            obj=user,
            data={"reason": "service_ended", "date": today.isoformat()},
        )
    return users


def revoke_roles_after_transfer(*, actor: Actor, moves: list[tuple[int, int, int]]) -> int:
    """Roles limited to the OPD an employee left end with the move (in its transaction).

    One query for all moves, so an import that transfers thousands stays set-based.
    """
    left = {employee_id: old_opd for employee_id, old_opd, _new in moves}
    if not left:
        return 0
    grants = [
        g
        for g in RoleGrant.objects.select_related("user", "unit", "tenant").filter(
            user__employee_id__in=list(left), unit__opd_id__in=set(left.values())
        )
        if g.unit is not None and left.get(g.user.employee_id or 0) == g.unit.opd_id
    ]
    RoleGrant.objects.filter(pk__in=[g.pk for g in grants]).delete()
    for grant in grants:
        audit(
            actor=_as_tenant(actor, grant.tenant),
            action="accounts.role.revoked",
            obj=grant.user,
            data={
                "role": grant.role,
                "unit": grant.unit.code if grant.unit else None,
                "reason": "transfer",
            },
        )
    return len(grants)
