"""Export employees in the employees.csv format, so an export imports back unchanged."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

from django.db.models import QuerySet

from pamong.core import spreadsheet
from pamong.imports.employees import COLUMNS
from pamong.org.models import Employee

# Model lookups in the order of COLUMNS. nip_atasan is the explicit supervisor: exporting
# the resolved one would turn every derived supervisor into an explicit one on re-import.
LOOKUPS = [
    "nip", "name", "gender", "birth_date", "employee_type", "golongan", "position__name",
    "position__kind", "position__kelas", "unit__code", "supervisor_explicit__nip", "status",
    "tmt_unit", "end_date", "email", "phone", "contract_start", "contract_end", "tmt_pangkat",
    "education", "tmt_kgb", "mkg_years",
]  # fmt: skip
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)}  # fmt: skip


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def employee_rows(queryset: QuerySet[Employee]) -> Iterator[list[str]]:
    for values in queryset.order_by("nip").values_list(*LOOKUPS).iterator(chunk_size=5000):
        yield [_cell(v) for v in values]


def export_employees(queryset: QuerySet[Employee], fmt: str) -> bytes:
    """The employees of `queryset` as CSV (UTF-8) or XLSX with the import's header."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    assert len(LOOKUPS) == len(COLUMNS)
    if fmt == "csv":
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(employee_rows(queryset))
        return out.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("pegawai")
    spreadsheet.xlsx_append(sheet, COLUMNS)
    for row in employee_rows(queryset):
        spreadsheet.xlsx_append(sheet, row)  # all text: a NIP must not become a float
    binary = io.BytesIO()
    workbook.save(binary)
    return binary.getvalue()
