"""Write a run's slips and lines in bulk.

PostgreSQL: ids are reserved from the sequence in one query and rows are streamed with
COPY as plain tuples (a 100,000-employee run writes ~10^5 slips and a few 10^5 lines in
seconds). Other databases: bulk_create in batches (SQLite returns the new ids).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection, models

from pamong.tpp.engine import MONEY_COLUMNS, SlipResult
from pamong.tpp.models import TppRun, TppSlip, TppSlipLine

BATCH = 5000
# A slip result and its money columns (MONEY_COLUMNS order): the result's own amounts, or
# for an adjustment run the differences to what was already settled.
Pair = tuple[SlipResult, tuple[int, ...]]

# Column order of the rows below; checked against the models (a new field must be added).
SLIP_COLUMNS = (
    "id", "tenant_id", "run_id", "employee_id", "opd_id", "nip", "name", "unit_code",
    "employee_type", "golongan", "kelas", "hari_kerja", "hari_dibayar", "predikat",
    "potongan_disiplin_persen", "keterangan", "bank_name", "bank_account", *MONEY_COLUMNS,
)  # fmt: skip
LINE_COLUMNS = ("tenant_id", "slip_id", "kind", "day", "percent", "amount", "note")


def _slip_row(tenant_id: int, run_id: int, slip_id: int | None, pair: Pair) -> tuple[Any, ...]:
    r, money = pair
    e = r.employee
    return (
        slip_id, tenant_id, run_id, e.employee_id, e.opd_id, e.nip, e.name[:200], e.unit_code,
        e.employee_type, e.golongan, e.kelas, r.hari_kerja, r.hari_dibayar, r.predikat,
        r.potongan_disiplin_persen, r.keterangan[:200], e.bank_name, e.bank_account, *money,
    )  # fmt: skip


def _line_rows(tenant_id: int, slip_ids: Sequence[int], pairs: Sequence[Pair]) -> Iterator[Any]:
    for slip_id, (r, _money) in zip(slip_ids, pairs, strict=True):
        for line in r.lines:
            note = line.note
            yield (
                tenant_id, slip_id, line.kind, line.day, line.percent, line.amount,
                note if len(note) <= 300 else note[:300],
            )  # fmt: skip


def write_slips(run: TppRun, pairs: Sequence[Pair]) -> None:
    if connection.vendor == "postgresql":
        _write_copy(run, pairs)
    else:
        _write_orm(run, pairs)


def _write_orm(run: TppRun, pairs: Sequence[Pair]) -> None:
    tenant_id, run_id = run.tenant_id, run.pk
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
        slips = TppSlip.objects.bulk_create(
            [
                TppSlip(
                    **dict(zip(SLIP_COLUMNS, _slip_row(tenant_id, run_id, None, p), strict=True))
                )
                for p in chunk
            ]
        )
        lines = [
            TppSlipLine(**dict(zip(LINE_COLUMNS, row, strict=True)))
            for row in _line_rows(tenant_id, [s.pk for s in slips], chunk)
        ]
        TppSlipLine.objects.bulk_create(lines, batch_size=BATCH)


def _check_columns(model: type[models.Model], names: Sequence[str], with_id: bool) -> list[str]:
    """The db columns of `names`, which must be exactly the model's concrete fields."""
    fields = {f.attname: f for f in model._meta.concrete_fields if with_id or not f.primary_key}
    assert set(fields) == set(names) and len(names) == len(fields), (model, sorted(fields))
    return [str(fields[name].column) for name in names]


def _copy(model: type[models.Model], columns: list[str], rows: Iterator[Any]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for row in rows:
            write(row)


def _write_copy(run: TppRun, pairs: Sequence[Pair]) -> None:
    if not pairs:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [TppSlip._meta.db_table, len(pairs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    tenant_id, run_id = run.tenant_id, run.pk
    _copy(
        TppSlip,
        _check_columns(TppSlip, SLIP_COLUMNS, with_id=True),
        (_slip_row(tenant_id, run_id, i, p) for i, p in zip(ids, pairs, strict=True)),
    )
    _copy(
        TppSlipLine,
        _check_columns(TppSlipLine, LINE_COLUMNS, with_id=False),
        _line_rows(tenant_id, ids, pairs),
    )
