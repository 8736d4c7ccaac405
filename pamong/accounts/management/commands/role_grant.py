"""`pamong role grant --tenant T --user U --role R [--unit CODE]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.accounts import services
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Role, RoleGrant, Tenant, User
from pamong.org.models import Unit


def lookup(tenant: Tenant, username: str, unit_code: str | None) -> tuple[User, Unit | None]:
    user = User.objects.filter(tenant=tenant, username=username).first()
    if user is None:
        raise CommandError(
            _("pengguna %(user)r tidak ada di pemda %(tenant)s")
            % {"user": username, "tenant": tenant.slug},
            returncode=2,
        )
    unit = None
    if unit_code:
        unit = Unit.objects.filter(tenant=tenant, code=unit_code).first()
        if unit is None:
            raise CommandError(_("unit %(unit)r tidak ada") % {"unit": unit_code}, returncode=2)
    return user, unit


class Command(TenantCommand):
    help = "Grant a role to a user, optionally limited to a unit's subtree (an OPD)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--user", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", help="unit code; required for opd_head")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        user, unit = lookup(tenant, options["user"], options["unit"])
        try:
            grant: RoleGrant = services.role_grant(
                actor=actor, user=user, role=options["role"], unit=unit
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
        values = {"role": grant.role, "user": user.username, "unit": unit.code if unit else ""}
        if unit:
            message = _("peran %(role)s diberikan kepada %(user)s, terbatas pada %(unit)s")
        else:
            message = _("peran %(role)s diberikan kepada %(user)s")
        self.stdout.write(message % values)
