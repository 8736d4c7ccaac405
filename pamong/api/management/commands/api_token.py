"""`pamong api_token create|revoke --tenant T ...`: manage integration tokens from the console."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from pamong.api.services import api_token_create, api_token_revoke, get_api_token_for_actor
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant, User


class Command(TenantCommand):
    help = "Create or revoke API tokens of a tenant. The key is printed once, on creation."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a token and print its key")
        create.add_argument("--tenant", required=True, help="tenant slug (kode pemda)")
        create.add_argument("--user", required=True, help="username the token acts as")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument(
            "--expires", type=dt.date.fromisoformat, help="last day (YYYY-MM-DD); default 1 year"
        )
        create.add_argument("--read-only", action="store_true", help="refuse every write")
        revoke = actions.add_parser("revoke", help="revoke the active token with this prefix")
        revoke.add_argument("--tenant", required=True, help="tenant slug (kode pemda)")
        revoke.add_argument("--prefix", required=True, help="the first 8 characters of the key")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                user = User.objects.filter(tenant=tenant, username=options["user"]).first()
                if user is None:
                    raise CommandError(
                        _("pengguna %(user)r tidak ada di pemda %(tenant)s")
                        % {"user": options["user"], "tenant": tenant.slug},
                        returncode=2,
                    )
                token, key = api_token_create(
                    actor=actor,
                    user=user,
                    name=options["name"],
                    expires_on=options["expires"],
                    read_only=options["read_only"],
                )
                self.stderr.write(
                    _("token %(name)r (%(prefix)s) untuk %(user)s")
                    % {"name": token.name, "prefix": token.prefix, "user": user.username}
                )
                self.stdout.write(key)
            else:
                try:
                    token = get_api_token_for_actor(actor, prefix=options["prefix"])
                except Http404 as exc:
                    raise CommandError(
                        _("tidak ada tepat satu token aktif berawalan %(prefix)r")
                        % {"prefix": options["prefix"]},
                        returncode=2,
                    ) from exc
                api_token_revoke(actor=actor, token=token)
                self.stdout.write(
                    _("token %(name)r (%(prefix)s) dicabut")
                    % {"name": token.name, "prefix": token.prefix}
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from exc
