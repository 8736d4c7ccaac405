"""Base for tenant-aware management commands: `--tenant`, scope, exit codes, progress."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError, connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scope, scopes_disabled
from tqdm import tqdm

from pamong.core.actor import Actor, cli_actor
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant

T = TypeVar("T")

DB_LOST_MESSAGE = gettext_lazy("koneksi basis data terputus; tidak ada yang ditulis")
DB_LOST_EXIT = 75  # EX_TEMPFAIL: try again later


# What the commands print is Indonesian by default and English under LANG=en* (pamong.cli
# activates the language); the phrasings every command shares are made here, once.


def counts_line(counts: Mapping[str, int], label: object = "") -> str:
    """`LABEL: dibuat N, diperbarui N, tidak berubah N` (an import's result)."""
    text = _("dibuat %(created)d, diperbarui %(updated)d, tidak berubah %(unchanged)d") % {
        "created": counts.get("created", 0),
        "updated": counts.get("updated", 0),
        "unchanged": counts.get("unchanged", 0),
    }
    return f"{label}: {text}" if label else text


def count_of(count: int, singular: str, plural: str) -> str:
    """`N pegawai` with the English plural when English is active (ngettext's msgids)."""
    return ngettext(singular, plural, count) % {"count": count}


def wrote_line(path: object, detail: str = "") -> str:
    """`ditulis ke FILE (DETAIL)`: a file the command wrote."""
    if detail:
        return _("ditulis ke %(file)s (%(detail)s)") % {"file": path, "detail": detail}
    return _("ditulis ke %(file)s") % {"file": path}


def employees(count: int) -> str:
    return count_of(count, "%(count)d pegawai", "%(count)d pegawai")


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
    printed by `counts_line` (`LABEL: dibuat N, …`). Subclasses name the service."""

    label: object = ""
    requires_system_checks: list[str] = []

    def run_import(self, *, actor: Actor, data: bytes, source: str) -> dict[str, int]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file")

    def handle_tenant(self, tenant: Tenant, actor: Actor, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        counts = self.run_import(actor=actor, data=read_file(path), source=str(path))
        self.stdout.write(counts_line(counts, self.label))
