"""Build import files in tests (CSV text, XLSX via openpyxl)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from tests.examples import WORKED_EXAMPLE

# The worked example of docs/formats.md (docs/formats/example).
EXAMPLE = WORKED_EXAMPLE

EMPLOYEE_HEADER = [
    "nip", "nama", "jenis_kelamin", "tanggal_lahir", "jenis_pegawai", "golongan", "jabatan",
    "jenis_jabatan", "kelas_jabatan", "kode_unit", "nip_atasan", "status", "tmt_unit",
    "tanggal_berhenti",
]  # fmt: skip


def example_bytes(name: str) -> bytes:
    return (EXAMPLE / name).read_bytes()


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def to_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    header = header or list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def to_xlsx(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    header = header or list(rows[0])
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def example_employees(**changes: dict[str, str]) -> list[dict[str, str]]:
    """The example rows; `changes` maps a NIP to the cells to change in its row."""
    rows = rows_of(example_bytes("employees.csv"))
    for row in rows:
        row.update(changes.get(row["nip"], {}))
    return rows
