"""Shared plumbing of the org imports: results, table loading, fast bulk writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import connection, models
from django.utils import timezone

from pamong.core.cli import counts_line
from pamong.imports.tabular import Table, read_table

# Wraps a long loop like core.cli.progress(items, total=, desc=): the CLI passes that
# (a bar on a terminal), the background task one that records a BackgroundJob's progress.
Tracker = Callable[..., Iterator[Any]]


def untracked(items: Iterable[Any], *, total: int | None = None, desc: str = "") -> Iterator[Any]:
    yield from items


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def summary(self) -> str:
        return counts_line(self.as_dict())


def load_table(
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    *,
    source: str,
    required: Sequence[str],
    optional: Sequence[str],
    ignore_unknown_columns: bool,
) -> Table:
    if isinstance(table_or_file, Table):
        return table_or_file
    return read_table(
        table_or_file,
        source=source,
        required=required,
        optional=optional,
        ignore_unknown_columns=ignore_unknown_columns,
    )


def bulk_update_fast(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    tenant_id: int,
) -> None:
    """`bulk_update` that scales: on PostgreSQL, COPY into a temporary table, one UPDATE.

    Django's bulk_update builds a CASE WHEN per row, which is quadratic in the batch
    size and takes minutes for 100,000 rows. Must run inside a transaction.
    """
    if not objs or not fields:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, list(fields), batch_size=1000)
        return
    meta = model._meta
    concrete: list[Any] = [meta.get_field(name) for name in fields]
    pk: Any = meta.pk
    qn = connection.ops.quote_name
    columns = [qn(pk.column), *(qn(f.column) for f in concrete)]
    assignments = ", ".join(f"{qn(f.column)} = u.{qn(f.column)}" for f in concrete)
    table, temp = qn(meta.db_table), qn(f"_pamong_update_{meta.db_table}")
    # Only identifiers from the model's meta go into the SQL text; values go through COPY.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {temp} ({', '.join(columns)}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([obj.pk, *(getattr(obj, f.attname) for f in concrete)])
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM {temp} AS u "  # noqa: S608
            f"WHERE t.{qn(pk.column)} = u.{qn(pk.column)} AND t.tenant_id = %s",
            [tenant_id],
        )
        cursor.execute(f"DROP TABLE {temp}")


def allocate_ids(model: type[models.Model], count: int) -> list[int] | None:
    """Reserve `count` primary keys from the table's sequence (PostgreSQL), else None.

    Knowing the ids before inserting lets rows that point at each other (supervisors)
    be written in one COPY instead of an insert followed by updates.
    """
    if connection.vendor != "postgresql" or count == 0:
        return None
    meta = model._meta
    pk: Any = meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (attname -> value, with "id") through PostgreSQL COPY.

    Fields left out get their default; auto_now(_add) fields get the current time.
    """
    if not rows:
        return
    now = timezone.now()
    fields: list[Any] = list(model._meta.concrete_fields)
    defaults: dict[str, Any] = {}
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.attname] = now
        else:  # the model default, else "" for text and None for nullable fields
            defaults[field.attname] = field.get_default()
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(name, defaults[name]) for name in names])
