"""Read CSV/XLSX tables per formats.md, collecting every problem as FILE:ROW:COLUMN.

Every import of Pamong reads through `read_table`, then validates rows into an error list,
and writes only when that list is empty (all-or-nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from pamong.core.errors import InputError, InputErrors
from pamong.core.inputs import control_message, has_control_character
from pamong.core.spreadsheet import unescape
from pamong.imports import xlsx

XLSX_MAGIC = b"PK\x03\x04"
# Problems of a row's shape listed before the read stops (a wrong file has one per row).
MAX_ERRORS = 1000


@dataclass
class Table:
    source: str
    sha256: str
    header: list[str]
    # (row number counting the header as row 1, column -> stripped text)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


class RowErrors:
    """Collects problems while validating rows."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InputError] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(InputError(message=message, row=row, column=column, source=self.source))

    def raise_if_any(self) -> None:
        if self.errors:
            raise InputErrors(self.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)


def _cell_text(value: object) -> str:
    if type(value) is str:  # most cells; skip the checks below
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Numbered rows of the first sheet, streamed (see xlsx.py), within the import limits."""
    return xlsx.iter_rows(
        data,
        max_rows=settings.PAMONG_IMPORT_MAX_ROWS + 1,
        max_columns=settings.PAMONG_IMPORT_MAX_COLUMNS,
    )


def _load_bytes(data: bytes | IO[bytes] | Path | str) -> bytes:
    if isinstance(data, Path | str):
        return Path(data).read_bytes()
    if isinstance(data, bytes):
        return data
    return data.read()


def _xlsx_error(exc: Exception, errors: RowErrors) -> None:
    if isinstance(exc, xlsx.XlsxLimitError):
        errors.add(exc.row, None, str(exc))
    else:
        errors.add(None, None, _("berkas XLSX tidak bisa dibaca: %(err)s") % {"err": exc})


def _numbered_rows(raw: bytes, errors: RowErrors) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of an XLSX (first sheet, empty rows left out) or a UTF-8 CSV.

    Problems go to `errors`, and the rows stop there. Nothing is read ahead: the caller
    checks the header before the rest of the file is parsed.
    """
    if raw.startswith(XLSX_MAGIC):
        try:
            yield from _xlsx_rows(raw)
        except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file for the user
            _xlsx_error(exc, errors)
        return
    yield from enumerate(_decode_lines(raw, errors), start=1)


def _decode_lines(raw: bytes, errors: RowErrors) -> Iterable[list[str]]:
    """Rows of cells from XLSX (first sheet) or UTF-8 CSV; problems go to `errors`."""
    if raw.startswith(XLSX_MAGIC):
        return (cells for _number, cells in _numbered_rows(raw, errors))
    try:
        raw.decode("utf-8-sig")  # validation only: the text is read as a stream below
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        errors.add(
            row,
            None,
            _("berkas bukan UTF-8 (byte tidak sah di posisi %(pos)s)") % {"pos": exc.start},
        )
        return []
    if b"\x00" in raw:
        errors.add(None, None, _("berkas berisi karakter NUL; apakah ini berkas biner?"))
        return []
    # Decoded while reading: one StringIO of a 50 MB file would take 200 MB (4 bytes a
    # character), a Table of 200,000 rows comes on top.
    return csv.reader(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline=""))


def _check_header(
    header: list[str], required: list[str], known: set[str], ignore: bool, errors: RowErrors
) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            errors.add(1, name, _("kolom ganda"))
        seen.add(name)
        if name not in known and not ignore:
            errors.add(1, name, _("kolom tidak dikenal"))
    for name in required:
        if name not in seen:
            errors.add(1, name, _("kolom wajib tidak ada"))


def _read_rows(
    table: Table, iterator: Iterator[tuple[int, list[str]]], known: set[str], errors: RowErrors
) -> None:
    width = len(table.header)
    max_rows = settings.PAMONG_IMPORT_MAX_ROWS
    try:
        for index, values in iterator:
            if not any(v.strip() for v in values):
                continue
            if len(values) > width:
                errors.add(index, None, _("baris punya lebih banyak kolom daripada header"))
                if len(errors.errors) >= MAX_ERRORS:
                    break
                continue
            if len(table.rows) >= max_rows:
                message = _("berkas melebihi batas %(n)s baris data") % {"n": max_rows}
                errors.add(index, None, message)
                break
            if has_control_character("".join(values)):  # one search per row, then the cell
                for name, value in zip(table.header, values, strict=False):
                    if has_control_character(value):
                        errors.add(index, name, control_message(value))
                continue
            padded = list(values) + [""] * (width - len(values))
            # unescape: an export's '=... (core/spreadsheet.py) reads back as =...
            row = {
                h: unescape(v.strip())
                for h, v in zip(table.header, padded, strict=True)
                if h in known
            }
            table.rows.append((index, row))
    except csv.Error as exc:
        errors.add(None, None, _("CSV rusak: %(err)s") % {"err": exc})


def read_table(
    data: bytes | IO[bytes] | Path | str,
    *,
    source: str,
    required: Iterable[str],
    optional: Iterable[str] = (),
    ignore_unknown_columns: bool = False,
) -> Table:
    """Parse a CSV (UTF-8, BOM allowed) or an XLSX file (first sheet) with a header row.

    Raises InputErrors listing every problem found; returns only a fully readable table.
    """
    raw = _load_bytes(data)
    errors = RowErrors(source)
    limit = settings.PAMONG_IMPORT_MAX_BYTES
    if len(raw) > limit:
        errors.add(
            None, None, _("berkas terlalu besar (maksimum %(mb)s MB)") % {"mb": limit // 2**20}
        )
    elif not raw.strip():
        errors.add(None, None, _("berkas kosong"))
    errors.raise_if_any()
    table = Table(source, hashlib.sha256(raw).hexdigest(), [])
    iterator = _numbered_rows(raw, errors)
    try:
        _first, header = next(iterator)
        table.header = [h.strip().lower() for h in header]
    except StopIteration:
        if not errors:
            errors.add(None, None, _("berkas kosong"))
    except csv.Error as exc:
        errors.add(1, None, str(exc))
    errors.raise_if_any()
    required = list(required)
    known = set(required) | set(optional)
    _check_header(table.header, required, known, ignore_unknown_columns, errors)
    max_columns = settings.PAMONG_IMPORT_MAX_COLUMNS
    if len(table.header) > max_columns:
        errors.add(1, None, _("berkas melebihi batas %(n)s kolom") % {"n": max_columns})
    errors.raise_if_any()
    _read_rows(table, iterator, known, errors)
    errors.raise_if_any()
    return table


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")


def parse_date(value: str) -> dt.date:
    if not DATE_RE.match(value):
        raise ValueError(_("tanggal harus berformat YYYY-MM-DD"))
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(_("tanggal tidak sah")) from exc


def parse_month(value: str) -> dt.date:
    """`YYYY-MM` -> the first day of that month."""
    match = MONTH_RE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(_("bulan harus berformat YYYY-MM"))
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def parse_datetime(value: str, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """Local `YYYY-MM-DD HH:MM[:SS]` in the tenant's zone, or ISO 8601 with an offset."""
    match = DATETIME_RE.match(value)
    if match:
        try:
            day = dt.date.fromisoformat(match.group(1))
            return dt.datetime(
                day.year, day.month, day.day,
                int(match.group(2)), int(match.group(3)), int(match.group(4) or 0),
                tzinfo=tz,
            )  # fmt: skip
        except ValueError as exc:
            raise ValueError(_("waktu tidak sah")) from exc
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(_("waktu harus berformat YYYY-MM-DD HH:MM[:SS] atau ISO 8601")) from exc
    if parsed.tzinfo is None:
        raise ValueError(_("waktu ISO 8601 harus punya offset zona waktu"))
    return parsed
