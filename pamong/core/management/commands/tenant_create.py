from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import cli_actor
from pamong.core.services import tenant_create


class Command(BaseCommand):
    help = "Create a tenant (a pemerintah daerah)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--timezone", default="Asia/Jakarta")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_create(
                actor=cli_actor(None),
                slug=options["slug"],
                name=options["name"],
                timezone=options["timezone"],
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.stderr.write(f"{field}: {message}")
            raise CommandError(_("pemda tidak dibuat"), returncode=2) from exc
        self.stdout.write(
            _("pemda %(slug)s dibuat (%(name)s, %(timezone)s)")
            % {"slug": tenant.slug, "name": tenant.name, "timezone": tenant.timezone}
        )
