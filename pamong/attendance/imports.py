"""Imports of attendance.csv, leave.csv and duties.csv (formats.md).

All-or-nothing: every row is validated first; nothing is written while any row is bad.
Set-based: punches go in with one INSERT (on PostgreSQL from a temporary table filled by a
binary COPY while the rows are validated) that leaves out punches already stored, so
re-importing a file is a no-op.

A device log of a 100,000-employee Pemda holds millions of punches. A CSV file is read
row by row straight from the csv module (no Table of millions of dicts), the NIP goes to
an employee id through one dict, and each distinct `waktu` text is parsed only once (a
month of punches has a few hundred thousand distinct seconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.imports.common import ImportResult, Tracker, bulk_update_fast, load_table, untracked
from pamong.imports.tabular import (
    XLSX_MAGIC,
    RowErrors,
    Table,
    _check_header,
    _decode_lines,
    parse_date,
    parse_datetime,
)
from pamong.org.models import Employee

from .models import Duty, Leave, LeaveType, Punch

logger = logging.getLogger(__name__)

DEVICE_MAX = 60
BATCH = 5000
PUNCH_REQUIRED = ("nip", "waktu")
PUNCH_OPTIONAL = ("perangkat",)
# Parsed `waktu` texts kept at once; a month of device logs has far fewer distinct values.
TIME_CACHE_MAX = 1_000_000

# (row number counting the header as 1, nip, waktu, perangkat), cells stripped.
PunchRow = tuple[int, str, str, str]
# (employee id, UTC microseconds since 2000-01-01, device) of a valid row.
GoodPunch = tuple[int, int, str]


@dataclass(frozen=True)
class PunchImportResult(ImportResult):
    # (row, nip) of rows left out because the NIP is unknown (--skip-unknown).
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = super().summary()
        if not self.skipped:
            return text
        return _("%(counts)s, dilewati %(skipped)d") % {
            "counts": text,
            "skipped": len(self.skipped),
        }


def _nip_map(tenant: Tenant) -> dict[str, int]:
    return dict(Employee.objects.filter(tenant=tenant).values_list("nip", "pk"))


class _Times:
    """`waktu` text -> the moment as UTC microseconds since 2000-01-01, or the error message.

    Each distinct text is parsed once. Microseconds since 2000-01-01 UTC are PostgreSQL's
    own binary form of timestamptz, so the COPY sends them as they are.
    """

    def __init__(self, tenant: Tenant) -> None:
        self.tz = ZoneInfo(tenant.timezone)
        self.cache: dict[str, int | str] = {}

    def local(self, value: str) -> dt.datetime:
        """parse_datetime, with one C call for the common `YYYY-MM-DD HH:MM:SS`."""
        if len(value) == 19 and value[4] == "-" and value[10] == " ":
            try:
                return dt.datetime.fromisoformat(value).replace(tzinfo=self.tz)
            except ValueError:
                pass
        return parse_datetime(value, self.tz)

    def parse(self, value: str) -> int | str:
        if len(self.cache) >= TIME_CACHE_MAX:
            self.cache.clear()
        try:
            parsed: int | str = to_us(self.local(value))
        except ValueError as exc:
            parsed = str(exc)
        self.cache[value] = parsed
        return parsed


PG_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def to_us(moment: dt.datetime) -> int:
    return (moment - PG_EPOCH) // dt.timedelta(microseconds=1)


def from_us(us: int) -> dt.datetime:
    return PG_EPOCH + dt.timedelta(microseconds=us)


def _table_rows(table: Table) -> Iterator[PunchRow]:
    for number, cells in table.rows:
        yield number, cells["nip"], cells["waktu"], cells.get("perangkat", "")


def _csv_rows(
    raw: bytes, source: str, ignore_unknown_columns: bool, shape: RowErrors
) -> Iterator[PunchRow]:
    """The rows of a CSV file without building a Table (same rules as tabular.read_table).

    Header problems raise at once; problems of a row's shape go to `shape` while the rows
    stream, and the caller reports them instead of any other problem, as read_table does.
    """
    errors = RowErrors(source)
    try:
        bad = b"\x00" in raw or not raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        bad = True
    if bad:  # read_table's own messages
        _decode_lines(raw, errors)
        errors.raise_if_any()
    # Decoded while reading: one StringIO of the whole file would take 4 bytes a character.
    lines = iter(csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")))
    header: list[str] = []
    try:
        header = [h.strip().lower() for h in next(lines)]
    except StopIteration:
        errors.add(None, None, _("berkas kosong"))
    except csv.Error as exc:
        errors.add(1, None, str(exc))
    errors.raise_if_any()
    known = {*PUNCH_REQUIRED, *PUNCH_OPTIONAL}
    _check_header(header, list(PUNCH_REQUIRED), known, ignore_unknown_columns, errors)
    errors.raise_if_any()
    return _csv_body(lines, header, shape)


def _csv_body(
    lines: Iterator[list[str]], header: list[str], shape: RowErrors
) -> Iterator[PunchRow]:
    width = len(header)
    i_nip, i_time = header.index("nip"), header.index("waktu")
    i_device = header.index("perangkat") if "perangkat" in header else None
    try:
        for index, values in enumerate(lines, start=2):
            n = len(values)
            if n > width:
                if any(v.strip() for v in values):
                    shape.add(index, None, _("baris punya lebih banyak kolom daripada header"))
                continue
            if n < width:
                if not any(v.strip() for v in values):
                    continue  # a blank line
                values = values + [""] * (width - n)
            nip, waktu = values[i_nip].strip(), values[i_time].strip()
            device = values[i_device].strip() if i_device is not None else ""
            if not (nip or waktu or device) and not any(v.strip() for v in values):
                continue
            yield index, nip, waktu, device
    except csv.Error as exc:
        shape.add(None, None, _("CSV rusak: %(err)s") % {"err": exc})


def _validate_punches(
    rows: Iterable[PunchRow],
    tenant: Tenant,
    nips: dict[str, int],
    skip_unknown: bool,
    errors: RowErrors,
    emit: Callable[[GoodPunch], Any],
    latest: dt.datetime | None = None,
) -> tuple[int, list[tuple[int, str]]]:
    """Check every row; valid ones go to `emit`. Returns (rows emitted, skipped rows).

    No query may run in here: on PostgreSQL `emit` writes to a COPY on the connection.
    `latest`: punches after this moment are refused (a device clock set in the future);
    those problems come after all others, as before.
    """
    times = _Times(tenant)
    cache, parse = times.cache, times.parse
    latest_us = to_us(latest) if latest is not None else None
    skipped: list[tuple[int, str]] = []
    future: list[tuple[int, str]] = []
    emitted = 0
    clean = True
    for number, nip, waktu, device in rows:
        employee_id = nips.get(nip)
        at = cache.get(waktu)
        if at is None:
            at = parse(waktu)
        if (
            employee_id is not None
            and type(at) is int
            and len(device) <= DEVICE_MAX
            and (latest_us is None or at <= latest_us)
        ):
            if clean:  # after the first problem nothing more is written
                emit((employee_id, at, device))
                emitted += 1
            continue
        # A row with some problem (or a skipped NIP): the checks in their order.
        if employee_id is None:
            if not nip:
                errors.add(number, "nip", _("wajib diisi"))
            elif skip_unknown:
                skipped.append((number, nip))
                continue
            else:
                errors.add(number, "nip", _("NIP %(nip)s tidak dikenal") % {"nip": nip})
        if isinstance(at, str):
            errors.add(number, "waktu", at)
            clean = False
            continue
        if len(device) > DEVICE_MAX:
            errors.add(number, "perangkat", _("terlalu panjang (maksimum 60 karakter)"))
        if latest_us is not None and at > latest_us:
            future.append((number, waktu))
        clean = clean and not errors and not future
    for number, waktu in future:
        errors.add(number, "waktu", _("waktu %(at)s di masa depan") % {"at": times.local(waktu)})
    return emitted, skipped


def _store_punches(
    tenant: Tenant,
    rows: Iterable[PunchRow],
    errors: RowErrors,
    *,
    skip_unknown: bool,
    origin: str,
    latest: dt.datetime | None = None,
    shape: RowErrors | None = None,
) -> PunchImportResult:
    """Validate `rows` and insert the new punches; raises InputErrors if any row is bad.

    Must run inside a transaction: on PostgreSQL the valid rows are copied into a
    temporary table while validating, and nothing reaches the punch table unless every
    row is good. `origin` goes into Punch.source: "import" (file) or "device" (push).
    """
    nips = _nip_map(tenant)
    if connection.vendor != "postgresql":
        good: list[GoodPunch] = []
        total, skipped = _validate_punches(
            rows, tenant, nips, skip_unknown, errors, good.append, latest
        )
        if shape is not None:
            shape.raise_if_any()
        errors.raise_if_any()
        created = _insert_rows(tenant, good, origin)
        return PunchImportResult(
            created=created, updated=0, unchanged=total - created, skipped=skipped
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE tmp_punch_import "
            "(employee_id bigint, at timestamptz, device text) ON COMMIT DROP"
        )
        with cursor.cursor.copy(
            "COPY tmp_punch_import (employee_id, at, device) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            # `at` goes as an int8: the binary form of timestamptz is that same 8-byte
            # integer (µs since 2000-01-01 UTC), so no datetime object is made per row.
            copy.set_types(["int8", "int8", "text"])
            total, skipped = _validate_punches(
                rows, tenant, nips, skip_unknown, errors, copy.write_row, latest
            )
        if shape is not None:
            shape.raise_if_any()
        errors.raise_if_any()
        cursor.execute("ANALYZE tmp_punch_import")
        cursor.execute("SELECT min(at), max(at) FROM tmp_punch_import")
        first, last = cursor.fetchone()
        cursor.execute("SET LOCAL work_mem = '256MB'")
        created = _insert_from_temp(cursor, tenant.pk, origin, first, last)
        cursor.execute("DROP TABLE tmp_punch_import")
    if created >= VACUUM_AFTER:
        transaction.on_commit(_vacuum_punches)
    return PunchImportResult(created=created, updated=0, unchanged=total - created, skipped=skipped)


# A bulk load leaves its pages out of the visibility map until autovacuum passes, and
# until then the month's classification (an index-only scan of uniq_punch) also reads
# every new heap row: 4 s more for a 100,000-employee month. Vacuuming right after the
# commit costs a few seconds of the import instead, once. SKIP_LOCKED: if another import or
# autovacuum is vacuuming the table already, leave it to them rather than wait.
VACUUM_AFTER = 100_000


def _vacuum_punches() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE, SKIP_LOCKED) {Punch._meta.db_table}")
    except DatabaseError:  # the import itself is committed; autovacuum will do it later
        logger.warning("VACUUM of the punch table after an import failed", exc_info=True)


def _span_is_empty(cursor: Any, tenant_id: int, first: dt.datetime, last: dt.datetime) -> bool:
    """No punch of the tenant is stored between `first` and `last`."""
    table = Punch._meta.db_table
    cursor.execute(
        f"SELECT EXISTS (SELECT FROM {table} WHERE tenant_id = %s AND at >= %s AND at <= %s)",  # noqa: S608
        [tenant_id, first, last],
    )
    return not cursor.fetchone()[0]


def _insert_from_temp(
    cursor: Any, tenant_id: int, origin: str, first: dt.datetime, last: dt.datetime
) -> int:
    """Move tmp_punch_import into the punch table; how many punches were new.

    Rows go in sorted like the unique index (tenant, employee, at): inserting a month in
    time order instead makes every row land on another index page (4x slower). The table
    name comes from the model's meta; values are parameters.
    """
    table = Punch._meta.db_table
    columns = f"INSERT INTO {table} (tenant_id, employee_id, at, device, source) "
    if _span_is_empty(cursor, tenant_id, first, last):
        # Nothing stored in the file's time span (a new month): a plain INSERT, without the
        # anti-join and ON CONFLICT's speculative insertion, is ~40 % cheaper. DISTINCT ON
        # drops rows the file repeats; a punch a device pushes meanwhile makes it fail, and
        # then the general statement below runs instead.
        try:
            with transaction.atomic():
                cursor.execute(
                    columns  # noqa: S608
                    + "SELECT DISTINCT ON (t.employee_id, t.at) %s, t.employee_id, t.at, "
                    "t.device, %s FROM tmp_punch_import t ORDER BY t.employee_id, t.at",
                    [tenant_id, origin],
                )
                return int(cursor.rowcount)
        except IntegrityError:
            pass
    # Punches already stored are left out by one anti-join over the file's time span
    # (a probe of the unique index per row costs several times more when re-importing);
    # ON CONFLICT still covers a punch a device pushes meanwhile, and duplicate rows of
    # the file.
    stored = f"SELECT FROM {table} p WHERE p.tenant_id = %s "  # noqa: S608
    anti_join = (
        "SELECT %s, t.employee_id, t.at, t.device, %s FROM tmp_punch_import t "  # noqa: S608
        f"WHERE NOT EXISTS ({stored}"
        "AND p.at >= %s AND p.at <= %s "
        "AND p.employee_id = t.employee_id AND p.at = t.at) "
        "ORDER BY t.employee_id, t.at ON CONFLICT DO NOTHING"
    )
    cursor.execute(columns + anti_join, [tenant_id, origin, tenant_id, first, last])
    return int(cursor.rowcount)


def _insert_rows(tenant: Tenant, rows: list[GoodPunch], origin: str) -> int:
    """SQLite and friends: bulk_create skipping existing keys; returns how many were created."""
    if not rows:
        return 0
    before = Punch.objects.filter(tenant=tenant).count()
    for start in range(0, len(rows), BATCH):
        Punch.objects.bulk_create(
            [
                Punch(tenant=tenant, employee_id=e, at=from_us(us), device=d, source=origin)
                for e, us, d in rows[start : start + BATCH]
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
    track = track or untracked
    raw = table_or_file
    if (
        isinstance(raw, bytes)
        and 0 < len(raw) <= MAX_BYTES()
        and not raw.startswith(XLSX_MAGIC)
        and raw[:4096].strip()
    ):
        # CSV: streamed from the bytes (read_table would build millions of dicts).
        errors, shape = RowErrors(source), RowErrors(source)
        rows = _csv_rows(raw, source, ignore_unknown_columns, shape)
        result = _store_punches(
            tenant,
            track(rows, total=raw.count(b"\n"), desc=_("memeriksa")),
            errors,
            skip_unknown=skip_unknown,
            origin="import",
            shape=shape,
        )
        _audit_punches(actor, source, hashlib.sha256(raw).hexdigest(), result)
        return result
    table = load_table(
        table_or_file,
        source=source,
        required=list(PUNCH_REQUIRED),
        optional=list(PUNCH_OPTIONAL),
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
    rows = (track or untracked)(_table_rows(table), total=len(table.rows), desc=_("memeriksa"))
    result = _store_punches(
        tenant, rows, errors, skip_unknown=skip_unknown, origin=origin, latest=latest
    )
    _audit_punches(actor, table.source, table.sha256, result)
    return result


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
