"""Base for tenant-aware management commands: `--tenant`, scope, exit codes, progress."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from tqdm import tqdm

from pamong.core.actor import Actor, cli_actor
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant

T = TypeVar("T")

DB_LOST_MESSAGE = "koneksi basis data terputus; tidak ada yang ditulis"
DB_LOST_EXIT = 75  # EX_TEMPFAIL: try again later


def connection_lost(exc: Exception) -> bool:
    """The database connection itself is gone (not a failed statement on a live one)."""
    if isinstance(exc, InterfaceError):
        return True
    try:
        return not connection.is_usable()
    except Exception:
        return True


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """A progress bar on a terminal; silent when stderr is not a terminal."""
    yield from tqdm(items, total=total, desc=desc, disable=not sys.stderr.isatty(), leave=False)


def read_file(path: Path) -> bytes:
    """The bytes of an input file; a missing or unreadable file is an input error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputErrors([InputError(message=exc.strerror or str(exc), source=str(path))]) from exc


class TenantCommand(BaseCommand):
    """Runs `handle_tenant` inside the scope of `--tenant SLUG` with a CLI actor."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="tenant slug (kode pemda)")

    def handle(self, *args: Any, **options: Any) -> str | None:
        slug = options["tenant"]
        with scopes_disabled():
            tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(_("pemda %(slug)s tidak ada") % {"slug": repr(slug)}, returncode=2)
        actor = cli_actor(tenant)
        try:
            with scope(tenant=tenant):
                # "tenant" (the slug) would clash with handle_tenant's first parameter.
                rest = {k: v for k, v in options.items() if k != "tenant"}
                return self.handle_tenant(tenant, actor, *args, **rest)
        except InputErrors as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(
                _("%(count)d masalah; tidak ada yang ditulis") % {"count": len(exc.errors)},
                returncode=2,
            ) from exc
        except (OperationalError, InterfaceError) as exc:
            if not connection_lost(exc):
                raise
            # The transaction in progress died with the connection: nothing was committed.
            raise CommandError(DB_LOST_MESSAGE, returncode=DB_LOST_EXIT) from exc

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> str | None:
        raise NotImplementedError


class FileImportCommand(TenantCommand):
    """`pamong … FILE --tenant SLUG`: one all-or-nothing import of one file, its counts
    printed as `LABEL: N created, N updated, N unchanged`. Subclasses name the service."""

    label = ""
    requires_system_checks: list[str] = []

    def run_import(self, *, actor: Actor, data: bytes, source: str) -> dict[str, int]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = self.run_import(actor=actor, data=read_file(path), source=str(path))
        self.stdout.write(
            f"{self.label}: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
