"""Write a run's slips and lines in bulk.

PostgreSQL: ids are reserved from the sequence in one query and rows are streamed with
COPY (a 100,000-employee run writes ~10^5 slips and a few 10^5 lines in seconds).
Other databases: bulk_create in batches (SQLite returns the new ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from pamong.tpp.engine import SlipResult
from pamong.tpp.models import TppRun, TppSlip, TppSlipLine

BATCH = 5000
Pair = tuple[SlipResult, dict[str, int]]


def _slip_values(run: TppRun, r: SlipResult, money: dict[str, int]) -> dict[str, Any]:
    e = r.employee
    return {
        "tenant_id": run.tenant_id,
        "run_id": run.pk,
        "employee_id": e.employee_id,
        "opd_id": e.opd_id,
        "nip": e.nip,
        "name": e.name[:200],
        "unit_code": e.unit_code,
        "employee_type": e.employee_type,
        "golongan": e.golongan,
        "kelas": e.kelas,
        "hari_kerja": r.hari_kerja,
        "hari_dibayar": r.hari_dibayar,
        "predikat": r.predikat,
        "potongan_disiplin_persen": r.potongan_disiplin_persen,
        "keterangan": r.keterangan[:200],
        "bank_name": e.bank_name,
        "bank_account": e.bank_account,
        **money,
    }


def _line_values(run: TppRun, slip_id: int, r: SlipResult) -> Iterable[dict[str, Any]]:
    for line in r.lines:
        yield {
            "tenant_id": run.tenant_id,
            "slip_id": slip_id,
            "kind": line.kind,
            "day": line.day,
            "percent": line.percent,
            "amount": line.amount,
            "note": line.note[:300],
        }


def write_slips(run: TppRun, pairs: Sequence[Pair]) -> None:
    if connection.vendor == "postgresql":
        _write_copy(run, pairs)
    else:
        _write_orm(run, pairs)


def _write_orm(run: TppRun, pairs: Sequence[Pair]) -> None:
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
        slips = TppSlip.objects.bulk_create(
            [TppSlip(**_slip_values(run, r, money)) for r, money in chunk]
        )
        lines = [
            TppSlipLine(**values)
            for slip, (r, _money) in zip(slips, chunk, strict=True)
            for values in _line_values(run, slip.pk, r)
        ]
        TppSlipLine.objects.bulk_create(lines, batch_size=BATCH)


def _columns(model: type[models.Model], with_id: bool) -> list[tuple[str, str]]:
    """(attribute name, column) of the concrete fields, optionally without the id."""
    return [
        (f.attname, str(f.column))
        for f in model._meta.concrete_fields
        if with_id or not f.primary_key
    ]


def _copy(
    model: type[models.Model], columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]]
) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for _attr, column in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[attr] for attr, _column in columns])


def _write_copy(run: TppRun, pairs: Sequence[Pair]) -> None:
    if not pairs:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [TppSlip._meta.db_table, len(pairs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    slip_columns = _columns(TppSlip, with_id=True)
    _copy(
        TppSlip,
        slip_columns,
        (
            {"id": slip_id, **_slip_values(run, r, money)}
            for slip_id, (r, money) in zip(ids, pairs, strict=True)
        ),
    )
    _copy(
        TppSlipLine,
        _columns(TppSlipLine, with_id=False),
        (
            values
            for slip_id, (r, _money) in zip(ids, pairs, strict=True)
            for values in _line_values(run, slip_id, r)
        ),
    )
