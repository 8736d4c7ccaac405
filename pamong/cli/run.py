"""Running one management command for the console: user errors become one clear message.

A user's mistake (a missing file, an output folder that does not exist, a database that was
never migrated, a `CommandError` the command raised) prints `Galat: ...` (`Error: ...` in
English) on stderr and exits with the command's status, 2 for input problems, without a
traceback. `--traceback` shows the traceback anyway.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import click

from pamong.cli.text import T
from pamong.cli.tree import NO_DATABASE_CHECK, Root, build

USER_ERROR = 2
MIGRATE = "The database is not ready: run `pamong migrate` first."


class UserError(click.ClickException):
    def __init__(self, message: str, exit_code: int = USER_ERROR) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]

    def show(self, file: Any = None) -> None:
        click.echo(T("Error: {message}").format(message=self.format_message()), err=True)


def os_error_message(exc: OSError) -> str:
    """One sentence about a file the command could not read or write."""
    name = exc.filename if exc.filename is not None else ""
    path = Path(str(name)) if name else None
    if exc.errno == errno.ENOENT and path is not None:
        parent = path.parent
        if str(parent) not in ("", ".") and not parent.is_dir():
            return T("folder {folder} does not exist").format(folder=parent)
        return T("file {file} does not exist").format(file=path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return T("no permission to use {file}").format(file=path)
    if exc.errno == errno.EISDIR:
        return T("{file} is a folder, not a file").format(file=path)
    if exc.errno == errno.ENOTDIR:
        return T("a part of {file} is not a folder").format(file=path)
    if exc.errno == errno.ENOSPC:
        return T("the disk is full")
    detail = exc.strerror or str(exc)
    return f"{path}: {detail}" if path else detail


def looks_unmigrated(exc: Exception) -> bool:
    text = str(exc).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def database_ready() -> None:
    """Stop with `run pamong migrate` when tables are missing or migrations unapplied."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        if "django_migrations" not in connection.introspection.table_names():
            raise UserError(T(MIGRATE))
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise UserError(T(MIGRATE))
    except DatabaseError as exc:
        raise UserError(
            T("cannot reach the database: {error}").format(error=str(exc).strip()), 1
        ) from exc


def run_management(app: str, name: str, argv: list[str]) -> None:
    """Parse argv with the command's own argparse definition and run it."""
    from django.core.management import load_command_class
    from django.core.management.base import CommandError, SystemCheckError, handle_default_options
    from django.db import DatabaseError

    command = load_command_class(app, name)
    parser = command.create_parser("pamong", name)
    try:
        options = parser.parse_args(argv)
    except CommandError as exc:  # click checked the same definition; this is a rare case
        raise UserError(str(exc).removeprefix("Error: ")) from exc
    handle_default_options(options)
    values = vars(options)
    args = values.pop("args", ())
    traceback = bool(values.get("traceback"))
    if name not in NO_DATABASE_CHECK:
        database_ready()
    try:
        command.execute(*args, **values)
    except SystemCheckError:
        raise
    except CommandError as exc:
        if traceback:
            raise
        raise UserError(str(exc), exc.returncode) from exc
    except OSError as exc:
        if traceback:
            raise
        raise UserError(os_error_message(exc)) from exc
    except DatabaseError as exc:
        if traceback or not looks_unmigrated(exc):
            raise
        raise UserError(T(MIGRATE)) from exc


def root() -> Root:
    from django.core.management import get_commands

    return build(dict(get_commands()), run_management)
