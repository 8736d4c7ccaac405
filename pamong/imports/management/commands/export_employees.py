from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, employees, wrote_line
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.imports.export import FORMATS, export_employees
from pamong.org.selectors import employees_visible_to


class Command(TenantCommand):
    help = "Write the tenant's employees in the employees.csv format (.csv or .xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--output", required=True, type=Path)

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InputErrors(
                [
                    InputError(
                        message=_("--output harus berakhiran .csv atau .xlsx"), source=str(output)
                    )
                ]
            )
        queryset = employees_visible_to(actor)
        output.write_bytes(export_employees(queryset, fmt))
        self.stdout.write(wrote_line(output, employees(queryset.count())))
