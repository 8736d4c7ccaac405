"""The ranking file of `pamong selection rank` (spec/selection.md, "Output")."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from pamong.core import spreadsheet
from pamong.recruitment.ranking import Result

COLUMNS = [
    "kode_formasi",
    "no_peserta",
    "nama",
    "twk",
    "tiu",
    "tkp",
    "skd_total",
    "lulus_pg",
    "peringkat_skd",
    "skb",
    "nilai_akhir",
    "peringkat",
    "status",
]


def ranking_rows(results: Iterable[Result]) -> Iterable[list[str]]:
    for r in results:
        c = r.candidate
        ranked = r.final_scaled is not None
        yield [
            c.line_code,
            c.no_peserta,
            c.name,
            str(c.twk),
            str(c.tiu),
            str(c.tkp),
            str(r.skd_total),
            "Y" if r.passes_pg else "N",
            "" if r.skd_rank is None else str(r.skd_rank),
            str(r.skb) if ranked else "",  # quantized to 0.01: always 2 decimals
            str(r.final) if ranked else "",  # quantized to 0.001: always 3 decimals
            "" if r.rank is None else str(r.rank),
            r.status,
        ]


def ranking_csv(results: Iterable[Result]) -> bytes:
    """UTF-8 without BOM, comma separated, LF line endings (as the spec's example)."""
    return table_csv(COLUMNS, ranking_rows(results))


def ranking_xlsx(results: Iterable[Result]) -> bytes:
    """The same columns in the first sheet; numbers as text so that no rounding creeps in."""
    return table_xlsx(COLUMNS, ranking_rows(results))


def table_csv(columns: list[str], rows: Iterable[list[Any]]) -> bytes:
    """A ranking table as the spec's CSV: UTF-8 without BOM, commas, LF line endings."""
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def table_xlsx(columns: list[str], rows: Iterable[list[Any]]) -> bytes:
    """The same table in the sheet "peringkat" (cells through the shared safe-cell rule)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("peringkat")
    spreadsheet.xlsx_append(sheet, columns)
    for row in rows:
        spreadsheet.xlsx_append(sheet, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
