"""Shared shape of the TPP CSV import commands: FILE, --ignore-unknown-columns, counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from pamong.core.actor import Actor
from pamong.core.cli import TenantCommand, counts_line, read_file
from pamong.core.models import Tenant


class FileImportCommand(TenantCommand):
    label: object = ""
    # Data commands skip the system checks: they cost a second per call in scripts.
    requires_system_checks: list[str] = []

    def service(self) -> Callable[..., dict[str, int]]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--ignore-unknown-columns", action="store_true")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = self.service()(
            actor=actor,
            data=read_file(path),
            source=str(path),
            ignore_unknown_columns=options["ignore_unknown_columns"],
        )
        self.stdout.write(counts_line(counts, self.label))
