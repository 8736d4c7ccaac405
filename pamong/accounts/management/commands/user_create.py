"""`pamong user create --tenant T --username U [--nip NIP] [--email E] [--role R ...]`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.accounts import services
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Role, Tenant
from pamong.org.models import Employee


class Command(TenantCommand):
    help = (
        "Create an account (unusable password). The activation link goes by e-mail, or is "
        "printed when there is no e-mail address."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--username", help="login name; default: the NIP")
        parser.add_argument("--nip", help="link the account to this employee")
        parser.add_argument("--email", default="")
        parser.add_argument("--role", action="append", default=[], choices=Role.values)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        employee = None
        if options["nip"]:
            employee = Employee.objects.filter(tenant=tenant, nip=options["nip"]).first()
            if employee is None:
                raise CommandError(
                    _("tidak ada pegawai dengan NIP %(nip)s") % {"nip": options["nip"]},
                    returncode=2,
                )
        username = options["username"] or options["nip"]
        if not username:
            raise CommandError(_("berikan --username atau --nip"), returncode=2)
        try:
            user = services.user_create(
                actor=actor,
                tenant=tenant,
                username=username,
                email=options["email"] or (employee.email if employee else ""),
                employee=employee,
                roles=options["role"],
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.stderr.write(f"{field}: {message}")
            raise CommandError(_("akun tidak dibuat"), returncode=2) from exc
        if services.send_activation(user):
            self.stdout.write(
                _("%(user)s dibuat; tautan aktivasi dikirim ke %(email)s")
                % {"user": user.username, "email": user.email}
            )
        else:
            self.stdout.write(
                _("%(user)s dibuat; tautan aktivasi (serahkan dengan aman):")
                % {"user": user.username}
            )
            self.stdout.write(services.activation_link(user))
