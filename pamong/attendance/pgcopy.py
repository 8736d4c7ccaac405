"""PostgreSQL fast path of the attendance import: the CSV goes to the server untouched.

A device log of a 100,000-employee Pemda holds millions of punches; parsing them row by row
in Python takes minutes. Here PostgreSQL's own CSV parser loads the file into a temporary
table (COPY), the rows are checked with a few set-based queries, and the good ones are
inserted with ON CONFLICT DO NOTHING (idempotent). The checks and messages are those of the
general path in imports.py; any file this path cannot read exactly the same way (XLSX,
blank or ragged lines, bad encoding) returns None and the general path handles it.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from pamong.core.models import Tenant
from pamong.imports.tabular import XLSX_MAGIC, RowErrors, parse_datetime
from pamong.org.models import Employee

from .models import Punch

KNOWN = ("nip", "waktu", "perangkat")
LOCAL_RE = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$"
# A local time whose fields are all in range, checked without a failing cast.
VALID_LOCAL = """CASE
  WHEN substr({w}, 1, 4)::int < 1 OR substr({w}, 6, 2)::int NOT BETWEEN 1 AND 12 THEN false
  ELSE substr({w}, 9, 2)::int BETWEEN 1 AND extract(day from
      make_date(substr({w}, 1, 4)::int, substr({w}, 6, 2)::int, 1) + interval '1 month - 1 day')
    AND substr({w}, 12, 2)::int <= 23 AND substr({w}, 15, 2)::int <= 59
    AND coalesce(nullif(substr({w}, 18, 2), '')::int, 0) <= 59
END"""


def _header(raw: bytes) -> list[str] | None:
    first_line = raw.split(b"\n", 1)[0]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    row = next(csv.reader(io.StringIO(text)), None)
    return [h.strip().lower() for h in row] if row else None


def _copy(raw: bytes, header: list[str]) -> int | None:
    """COPY the file into tmp_att (rn = record number after the header); None if unreadable."""
    columns = [h if h in KNOWN else f"x{i}" for i, h in enumerate(header)]
    defs = ", ".join(f"{c} text" for c in columns)
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    import psycopg  # only on PostgreSQL

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE tmp_att (rn bigserial, {defs}) ON COMMIT DROP")
        try:
            with (
                transaction.atomic(),
                cursor.cursor.copy(
                    f"COPY tmp_att ({', '.join(columns)}) FROM STDIN "  # noqa: S608 - known names
                    "WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
                ) as copy,
            ):
                view = memoryview(body)
                for start in range(0, len(view), 1 << 20):
                    copy.write(view[start : start + (1 << 20)])
        except (DatabaseError, psycopg.Error):
            cursor.execute("DROP TABLE IF EXISTS tmp_att")
            return None
        rows = int(cursor.cursor.rowcount)
        if "perangkat" not in columns:
            cursor.execute("ALTER TABLE tmp_att ADD COLUMN perangkat text")
    return rows


def _check(tenant: Tenant, skip_unknown: bool, errors: RowErrors) -> list[tuple[int, str]]:
    """Fill employee_id/at/state (0 ok, 1 skip) and collect problems; returns skipped rows."""
    employee_table = Employee._meta.db_table
    tz = tenant.timezone
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE tmp_att t SET employee_id = e.id FROM {employee_table} e "  # noqa: S608
            "WHERE e.tenant_id = %s AND e.nip = btrim(t.nip)",
            [tenant.pk],
        )
        cursor.execute(
            "UPDATE tmp_att SET at = CASE WHEN "  # noqa: S608 - a constant SQL fragment
            + VALID_LOCAL.format(w="btrim(waktu)")
            + " THEN btrim(waktu)::timestamp AT TIME ZONE %s END "
            "WHERE btrim(waktu) ~ %s",
            [tz, LOCAL_RE],
        )  # fmt: skip
        # Rows that are not plain local times (ISO with offset, or wrong): parse in Python.
        cursor.execute(
            "SELECT rn, coalesce(btrim(waktu), '') FROM tmp_att WHERE at IS NULL ORDER BY rn"
        )
        odd = cursor.fetchall()
        parsed: list[tuple[int, Any]] = []
        bad_time: dict[int, str] = {}
        zone = ZoneInfo(tz)
        for rn, value in odd:
            try:
                parsed.append((rn, parse_datetime(value, zone)))
            except ValueError as exc:
                bad_time[rn] = str(exc)
        if parsed:
            cursor.execute(
                "CREATE TEMP TABLE tmp_att_at (rn bigint, at timestamptz) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY tmp_att_at (rn, at) FROM STDIN") as copy:
                for row in parsed:
                    copy.write_row(row)
            cursor.execute("UPDATE tmp_att t SET at = a.at FROM tmp_att_at a WHERE a.rn = t.rn")
        cursor.execute(
            "SELECT rn, coalesce(btrim(nip), ''), employee_id IS NULL, "
            "length(coalesce(btrim(perangkat), '')) > 60 FROM tmp_att "
            "WHERE employee_id IS NULL OR at IS NULL OR length(btrim(perangkat)) > 60 "
            "ORDER BY rn"
        )
        skipped: list[tuple[int, str]] = []
        for rn, nip, unknown, long_device in cursor.fetchall():
            row = rn + 1
            if unknown:
                if not nip:
                    errors.add(row, "nip", _("wajib diisi"))
                elif skip_unknown:
                    skipped.append((row, nip))
                    continue
                else:
                    errors.add(row, "nip", _("NIP %(nip)s tidak dikenal") % {"nip": nip})
            if rn in bad_time:
                errors.add(row, "waktu", bad_time[rn])
            if long_device:
                errors.add(row, "perangkat", _("terlalu panjang (maksimum 60 karakter)"))
    errors.errors.sort(key=lambda e: e.row or 0)
    return skipped


# A plain local time whose clock fields are in range; only the day of month can still be
# wrong, and then the cast fails and the slow, fully checked path takes over.
STRICT_LOCAL_RE = r"^\d{4}-\d{2}-\d{2}[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"


def _fast_insert(
    tenant: Tenant, skip_unknown: bool, rows: int
) -> tuple[int, int, list[tuple[int, str]]] | None:
    """One scan for problems, one INSERT; None if any row needs the checked path."""
    employee_table = Employee._meta.db_table
    with connection.cursor() as cursor:
        # Without statistics on the temp table the planner picks a nested loop (minutes).
        cursor.execute("ANALYZE tmp_att")
        # No UPDATE of the 4 M-row temp table (each rewrote it): unknown NIPs and long device
        # names come from one anti-join scan; the time is converted inside the INSERT.
        cursor.execute(
            "SELECT t.rn, coalesce(btrim(t.nip), ''), "  # noqa: S608
            "length(coalesce(btrim(t.perangkat), '')) > 60 "
            f"FROM tmp_att t LEFT JOIN {employee_table} e "
            "ON e.tenant_id = %s AND e.nip = btrim(t.nip) "
            "WHERE e.id IS NULL OR length(btrim(t.perangkat)) > 60 ORDER BY t.rn",
            [tenant.pk],
        )
        skipped: list[tuple[int, str]] = []
        for rn, nip, long_device in cursor.fetchall():
            if long_device or not nip or not skip_unknown:
                return None
            skipped.append((rn + 1, nip))
        cursor.execute("SET LOCAL work_mem = '256MB'")
        try:
            # Any time that is not a plain in-range local time (an offset, a bad day) gives
            # NULL or a failing cast: the statement fails and the checked path takes over.
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO {Punch._meta.db_table} "  # noqa: S608 - names from model meta
                    "(tenant_id, employee_id, at, device, source) "
                    "SELECT %s, e.id, CASE WHEN btrim(t.waktu) ~ %s "
                    "THEN btrim(t.waktu)::timestamp AT TIME ZONE %s END, "
                    "coalesce(btrim(t.perangkat), ''), 'import' "
                    f"FROM tmp_att t JOIN {employee_table} e "
                    "ON e.tenant_id = %s AND e.nip = btrim(t.nip) "
                    "ORDER BY 2, 3 ON CONFLICT DO NOTHING",
                    [tenant.pk, STRICT_LOCAL_RE, tenant.timezone, tenant.pk],
                )
        except DatabaseError:
            return None
        created = int(cursor.rowcount)
    return created, rows - len(skipped) - created, skipped


def import_punches_pg(
    raw: bytes, tenant: Tenant, skip_unknown: bool, ignore_unknown_columns: bool, source: str
) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(created, unchanged, skipped) or None when the general path must read the file.

    Raises InputErrors like the general path. Call inside a transaction.
    """
    if connection.vendor != "postgresql" or raw.startswith(XLSX_MAGIC):
        return None
    header = _header(raw)
    if header is None or len(set(header)) != len(header) or not {"nip", "waktu"} <= set(header):
        return None
    if not ignore_unknown_columns and not set(header) <= set(KNOWN):
        return None
    rows = _copy(raw, header)
    if rows is None:
        return None
    fast = _fast_insert(tenant, skip_unknown, rows)
    if fast is not None:
        _drop()
        return fast
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE tmp_att ADD COLUMN employee_id bigint, ADD COLUMN at timestamptz, "
            "ADD COLUMN state smallint"
        )
    errors = RowErrors(source)
    skipped = _check(tenant, skip_unknown, errors)
    errors.raise_if_any()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"INSERT INTO {Punch._meta.db_table} "  # noqa: S608 - name from model meta
            "(tenant_id, employee_id, at, device, source) "
            "SELECT %s, employee_id, at, coalesce(btrim(perangkat), ''), 'import' FROM tmp_att "
            "WHERE employee_id IS NOT NULL ORDER BY employee_id, at ON CONFLICT DO NOTHING",
            [tenant.pk],
        )
        created = cursor.rowcount
        cursor.execute("SELECT count(*) FROM tmp_att WHERE employee_id IS NOT NULL")
        total = cursor.fetchone()[0]
    _drop()
    return created, total - created, skipped


def _drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE tmp_att")
        cursor.execute("DROP TABLE IF EXISTS tmp_att_at")
