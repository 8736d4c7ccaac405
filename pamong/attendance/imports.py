"""Imports of attendance.csv, leave.csv and duties.csv (formats.md).

All-or-nothing: every row is validated first; nothing is written while any row is bad.
Set-based: punches go in with one INSERT ... ON CONFLICT DO NOTHING (via COPY into a
temporary table on PostgreSQL), so re-importing a file is a no-op.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.imports.common import ImportResult, Tracker, bulk_update_fast, load_table, untracked
from pamong.imports.tabular import RowErrors, Table, parse_date, parse_datetime
from pamong.org.models import Employee

from .models import Duty, Leave, LeaveType, Punch
from .pgcopy import import_punches_pg

DEVICE_MAX = 60
BATCH = 5000


@dataclass(frozen=True)
class PunchImportResult(ImportResult):
    # (row, nip) of rows left out because the NIP is unknown (--skip-unknown).
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = super().summary()
        return f"{text}, skipped {len(self.skipped)}" if self.skipped else text


def _nip_map(tenant: Tenant) -> dict[str, int]:
    return dict(Employee.objects.filter(tenant=tenant).values_list("nip", "pk"))


def _fast_datetime(value: str, tz: ZoneInfo) -> dt.datetime:
    """parse_datetime, with a C fast path for the common `YYYY-MM-DD HH:MM:SS` form."""
    if len(value) == 19 and value[4] == "-" and value[10] == " ":
        try:
            return dt.datetime.fromisoformat(value).replace(tzinfo=tz)
        except ValueError:
            pass
    return parse_datetime(value, tz)


def _punch_rows(
    table: Table, tenant: Tenant, skip_unknown: bool, errors: RowErrors, track: Tracker
) -> tuple[list[tuple[int, dt.datetime, str]], list[tuple[int, str]]]:
    tz = ZoneInfo(tenant.timezone)
    nips = _nip_map(tenant)
    rows: list[tuple[int, dt.datetime, str]] = []
    skipped: list[tuple[int, str]] = []
    for number, cells in track(table.rows, total=len(table.rows), desc="validasi"):
        nip = cells["nip"]
        employee_id = nips.get(nip)
        if employee_id is None:
            if not nip:
                errors.add(number, "nip", _("wajib diisi"))
            elif skip_unknown:
                skipped.append((number, nip))
                continue
            else:
                errors.add(number, "nip", _("NIP %(nip)s tidak dikenal") % {"nip": nip})
        try:
            at = _fast_datetime(cells["waktu"], tz)
        except ValueError as exc:
            errors.add(number, "waktu", str(exc))
            continue
        device = cells.get("perangkat", "")
        if len(device) > DEVICE_MAX:
            errors.add(number, "perangkat", _("terlalu panjang (maksimum 60 karakter)"))
        if employee_id is not None:
            rows.append((employee_id, at, device))
    return rows, skipped


def _insert_punches(
    tenant: Tenant, rows: list[tuple[int, dt.datetime, str]], origin: str = "import"
) -> int:
    """Insert new punches, skipping existing keys; returns how many were created.

    `origin` goes into Punch.source: "import" (file) or "device" (push endpoint).
    """
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        table = Punch._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE tmp_punch_import "
                "(employee_id bigint, at timestamptz, device varchar(60)) ON COMMIT DROP"
            )
            with cursor.cursor.copy(
                "COPY tmp_punch_import (employee_id, at, device) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
            # The table name comes from the model's meta; values are parameters.
            cursor.execute(
                f"INSERT INTO {table} (tenant_id, employee_id, at, device, source) "  # noqa: S608
                "SELECT %s, employee_id, at, device, %s FROM tmp_punch_import "
                "ORDER BY employee_id, at ON CONFLICT DO NOTHING",
                [tenant.pk, origin],
            )
            created = cursor.rowcount
            cursor.execute("DROP TABLE tmp_punch_import")
        return created
    before = Punch.objects.filter(tenant=tenant).count()
    for start in range(0, len(rows), BATCH):
        Punch.objects.bulk_create(
            [
                Punch(tenant=tenant, employee_id=e, at=at, device=d, source=origin)
                for e, at, d in rows[start : start + BATCH]
            ],
            ignore_conflicts=True,
        )
    return Punch.objects.filter(tenant=tenant).count() - before


@transaction.atomic
def import_attendance(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    skip_unknown: bool = False,
    ignore_unknown_columns: bool = False,
    track: Tracker | None = None,
) -> PunchImportResult:
    """Raw punches (key nip + waktu). Existing punches are left as they are."""
    require(actor, "attendance.manage")
    tenant = actor.tenant
    assert tenant is not None
    if isinstance(table_or_file, bytes) and 0 < len(table_or_file) <= MAX_BYTES():
        fast = import_punches_pg(
            table_or_file, tenant, skip_unknown, ignore_unknown_columns, source
        )
        if fast is not None:
            created, unchanged, skipped = fast
            result = PunchImportResult(
                created=created, updated=0, unchanged=unchanged, skipped=skipped
            )
            sha256 = hashlib.sha256(table_or_file).hexdigest()
            _audit_punches(actor, source, sha256, result)
            return result
    table = load_table(
        table_or_file,
        source=source,
        required=["nip", "waktu"],
        optional=["perangkat"],
        ignore_unknown_columns=ignore_unknown_columns,
    )
    return store_punch_table(actor, table, skip_unknown=skip_unknown, track=track)


def store_punch_table(
    actor: Actor,
    table: Table,
    *,
    skip_unknown: bool,
    track: Tracker | None = None,
    origin: str = "import",
    latest: dt.datetime | None = None,
) -> PunchImportResult:
    """Validate and insert a table of punches for actor.tenant (the caller checked rights).

    `latest`: punches after this moment are refused (a device clock set in the future).
    """
    tenant = actor.tenant
    assert tenant is not None
    errors = RowErrors(table.source)
    rows, skipped = _punch_rows(table, tenant, skip_unknown, errors, track or untracked)
    if latest is not None:
        for (number, _cells), at in zip(table.rows, _row_times(table, tenant), strict=True):
            if at is not None and at > latest:
                errors.add(number, "waktu", _("waktu %(at)s di masa depan") % {"at": at})
    errors.raise_if_any()
    created = _insert_punches(tenant, rows, origin)
    result = PunchImportResult(
        created=created, updated=0, unchanged=len(rows) - created, skipped=skipped
    )
    _audit_punches(actor, table.source, table.sha256, result)
    return result


def _row_times(table: Table, tenant: Tenant) -> list[dt.datetime | None]:
    tz = ZoneInfo(tenant.timezone)
    out: list[dt.datetime | None] = []
    for _number, cells in table.rows:
        try:
            out.append(_fast_datetime(cells["waktu"], tz))
        except ValueError:
            out.append(None)
    return out


def MAX_BYTES() -> int:  # noqa: N802 - read at call time, the setting may change in tests
    return int(settings.PAMONG_IMPORT_MAX_BYTES)


def _audit_punches(actor: Actor, source: str, sha256: str, result: PunchImportResult) -> None:
    audit(
        actor=actor,
        action="attendance.punches.imported",
        data={"file": source, "sha256": sha256, **result.as_dict(), "skipped": len(result.skipped)},
    )


def _dates(cells: dict[str, str], number: int, errors: RowErrors) -> tuple[dt.date, dt.date] | None:
    parsed: dict[str, dt.date] = {}
    for column in ("mulai", "selesai"):
        try:
            parsed[column] = parse_date(cells[column])
        except ValueError as exc:
            errors.add(number, column, str(exc))
    if len(parsed) < 2:
        return None
    if parsed["selesai"] < parsed["mulai"]:
        errors.add(number, "selesai", _("tanggal selesai sebelum tanggal mulai"))
        return None
    return parsed["mulai"], parsed["selesai"]


def _employee(cells: dict[str, str], number: int, nips: dict[str, int], errors: RowErrors) -> int:
    nip = cells["nip"]
    if not nip:
        errors.add(number, "nip", _("wajib diisi"))
    elif nip not in nips:
        errors.add(number, "nip", _("NIP %(nip)s tidak dikenal") % {"nip": nip})
    return nips.get(nip, 0)


def _check_leave_overlaps(
    tenant: Tenant, rows: dict[tuple[int, str, dt.date], dict[str, Any]], errors: RowErrors
) -> None:
    """Leave of one employee must not overlap, in the file or with stored leave."""
    spans: dict[int, list[tuple[dt.date, dt.date, int | None, str]]] = defaultdict(list)
    for (employee_id, kind, start), row in rows.items():
        spans[employee_id].append((start, row["end"], row["row"], kind))
    stored = Leave.objects.filter(tenant=tenant, employee_id__in=list(spans)).values_list(
        "employee_id", "kind", "start", "end"
    )
    for employee_id, kind, start, end in stored:
        if (employee_id, kind, start) not in rows:  # a file row with this key replaces it
            spans[employee_id].append((start, end, None, kind))
    for items in spans.values():
        items.sort(key=lambda s: (s[0], s[1]))
        for prev, cur in zip(items, items[1:], strict=False):
            if cur[0] <= prev[1]:
                culprit, other = (cur, prev) if cur[2] is not None else (prev, cur)
                where = (
                    _("baris %(row)s") % {"row": other[2]}
                    if other[2] is not None
                    else _("cuti tersimpan")
                )
                errors.add(
                    culprit[2],
                    "mulai",
                    _("cuti tumpang tindih dengan %(where)s (%(kind)s %(start)s s.d. %(end)s)")
                    % {"where": where, "kind": other[3], "start": other[0], "end": other[1]},
                )


@transaction.atomic
def import_leave(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    ignore_unknown_columns: bool = False,
) -> ImportResult:
    """Approved leave (key nip + jenis + mulai)."""
    require(actor, "attendance.manage")
    tenant = actor.tenant
    assert tenant is not None
    table = load_table(
        table_or_file,
        source=source,
        required=["nip", "jenis", "mulai", "selesai"],
        optional=["nomor_surat"],
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(table.source)
    nips = _nip_map(tenant)
    rows: dict[tuple[int, str, dt.date], dict[str, Any]] = {}
    for number, cells in table.rows:
        employee_id = _employee(cells, number, nips, errors)
        kind = cells["jenis"].lower()
        if kind not in LeaveType.values:
            errors.add(
                number,
                "jenis",
                _("jenis cuti %(kind)s tidak dikenal; pilih salah satu: %(choices)s")
                % {"kind": kind or "''", "choices": ", ".join(LeaveType.values)},
            )
        letter = cells.get("nomor_surat", "")
        if len(letter) > 100:
            errors.add(number, "nomor_surat", _("terlalu panjang (maksimum 100 karakter)"))
        span = _dates(cells, number, errors)
        if span is None or not employee_id or kind not in LeaveType.values:
            continue
        key = (employee_id, kind, span[0])
        if key in rows:
            errors.add(number, "mulai", _("ganda dengan baris %(row)s") % {"row": rows[key]["row"]})
            continue
        rows[key] = {"row": number, "end": span[1], "letter": letter}
    if not errors:
        _check_leave_overlaps(tenant, rows, errors)
    errors.raise_if_any()
    existing = {
        (leave.employee_id, leave.kind, leave.start): leave
        for leave in Leave.objects.filter(tenant=tenant, employee_id__in={k[0] for k in rows})
    }
    new, changed, unchanged = [], [], 0
    for key, row in rows.items():
        leave = existing.get(key)
        if leave is None:
            new.append(
                Leave(tenant=tenant, employee_id=key[0], kind=key[1], start=key[2],
                      end=row["end"], letter_number=row["letter"])
            )  # fmt: skip
        elif (leave.end, leave.letter_number) != (row["end"], row["letter"]):
            leave.end, leave.letter_number = row["end"], row["letter"]
            changed.append(leave)
        else:
            unchanged += 1
    Leave.objects.bulk_create(new, batch_size=1000)
    bulk_update_fast(Leave, changed, ["end", "letter_number"], tenant_id=tenant.pk)
    result = ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
    audit(
        actor=actor,
        action="attendance.leave.imported",
        data={"file": table.source, "sha256": table.sha256, **result.as_dict()},
    )
    return result


@transaction.atomic
def import_duties(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    ignore_unknown_columns: bool = False,
) -> ImportResult:
    """Official duty away (key nip + mulai)."""
    require(actor, "attendance.manage")
    tenant = actor.tenant
    assert tenant is not None
    table = load_table(
        table_or_file,
        source=source,
        required=["nip", "mulai", "selesai"],
        optional=["keterangan"],
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(table.source)
    nips = _nip_map(tenant)
    rows: dict[tuple[int, dt.date], dict[str, Any]] = {}
    for number, cells in table.rows:
        employee_id = _employee(cells, number, nips, errors)
        note = cells.get("keterangan", "")
        if len(note) > 200:
            errors.add(number, "keterangan", _("terlalu panjang (maksimum 200 karakter)"))
        span = _dates(cells, number, errors)
        if span is None or not employee_id:
            continue
        key = (employee_id, span[0])
        if key in rows:
            errors.add(number, "mulai", _("ganda dengan baris %(row)s") % {"row": rows[key]["row"]})
            continue
        rows[key] = {"row": number, "end": span[1], "note": note}
    errors.raise_if_any()
    existing = {
        (d.employee_id, d.start): d
        for d in Duty.objects.filter(tenant=tenant, employee_id__in={k[0] for k in rows})
    }
    new, changed, unchanged = [], [], 0
    for key, row in rows.items():
        duty = existing.get(key)
        if duty is None:
            new.append(
                Duty(tenant=tenant, employee_id=key[0], start=key[1], end=row["end"],
                     note=row["note"])
            )  # fmt: skip
        elif (duty.end, duty.note) != (row["end"], row["note"]):
            duty.end, duty.note = row["end"], row["note"]
            changed.append(duty)
        else:
            unchanged += 1
    Duty.objects.bulk_create(new, batch_size=1000)
    bulk_update_fast(Duty, changed, ["end", "note"], tenant_id=tenant.pk)
    result = ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
    audit(
        actor=actor,
        action="attendance.duties.imported",
        data={"file": table.source, "sha256": table.sha256, **result.as_dict()},
    )
    return result
