"""`pamong role revoke --tenant T --user U --role R [--unit CODE]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.accounts import services
from pamong.accounts.management.commands.role_grant import lookup
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Role, RoleGrant, Tenant


class Command(TenantCommand):
    help = "Revoke a role from a user (the grant with exactly this unit, or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--user", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--unit", help="unit code of a limited grant")
        parser.add_argument("--reason", default="")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        user, unit = lookup(tenant, options["user"], options["unit"])
        grant = RoleGrant.objects.filter(
            tenant=tenant, user=user, role=options["role"], unit=unit
        ).first()
        if grant is None:
            raise CommandError(_("pemberian peran itu tidak ada"), returncode=2)
        try:
            services.role_revoke(actor=actor, grant=grant, reason=options["reason"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
        self.stdout.write(
            _("peran %(role)s dicabut dari %(user)s") % {"role": grant.role, "user": user.username}
        )
