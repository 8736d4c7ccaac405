from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.attendance.devices import device_create
from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand
from pamong.core.models import Tenant


class Command(TenantCommand):
    help = (
        "Register a punch device and print its token once "
        "(`pamong attendance device create --tenant T --name N --code C`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--name", required=True)
        parser.add_argument("--code", required=True, help="written into every punch it sends")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        device, key = device_create(actor=actor, name=options["name"], code=options["code"])
        self.stderr.write(
            _("perangkat %(code)s terdaftar; tokennya hanya ditampilkan sekarang:")
            % {"code": device.code}
        )
        self.stdout.write(key)
