# ruff: noqa: E501 - the OOXML boilerplate is clearer on one line per part
"""Hostile spreadsheets: sparse grids, huge row counts, limits (issue 11 §3).

The files are built by hand as the few bytes an attacker would send: a sheet that only
names its far-away cells. A reader that builds the grid allocates rows x columns.
"""

from __future__ import annotations

import io
import resource
import time
import zipfile

import pytest
from django.test import override_settings

from pamong.core.errors import InputErrors
from pamong.imports import xlsx
from pamong.imports.tabular import read_table

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)  # fmt: skip
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)  # fmt: skip
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)  # fmt: skip


def sheet_file(cells: dict[str, str], dimension: str = "") -> bytes:
    """An XLSX whose only sheet holds `cells` ({"A1": "kode", ...}) as inline strings."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells.items():
        number = int("".join(c for c in ref if c.isdigit()))
        cell = f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        rows.setdefault(number, []).append(cell)
    body = "".join(f'<row r="{n}">{"".join(c)}</row>' for n, c in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def many_rows_file(rows: int, header: str = "kode") -> bytes:
    """A real (deflated) sheet with `rows` data rows under a one-column header."""
    body = [f'<row r="1"><c r="A1" t="inlineStr"><is><t>{header}</t></is></c></row>']
    body += [f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, rows + 2)]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_cells_at_a1_and_xfd1048576_are_refused_without_building_the_grid() -> None:
    data = sheet_file({"A1": "kode", "XFD1048576": "x"}, dimension="A1:XFD1048576")
    assert len(data) < 2000
    before = peak_rss_mb()
    started = time.monotonic()
    with pytest.raises(InputErrors) as exc:
        read_table(data, source="units.xlsx", required=["kode"])
    assert time.monotonic() - started < 2
    assert peak_rss_mb() - before < 50
    assert exc.value.lines() == [
        "units.xlsx:1048576:: sel XFD1048576 melebihi batas 100 kolom",
    ]


def test_a1_and_z200000_reads_two_cells_not_five_million() -> None:
    data = sheet_file({"A1": "kode", "B1": "nama", "A200000": "X1", "Z200000": ""})
    before = peak_rss_mb()
    table = read_table(data, source="units.xlsx", required=["kode"], optional=["nama"])
    assert peak_rss_mb() - before < 50
    assert table.header == ["kode", "nama"]
    assert table.rows == [(200000, {"kode": "X1", "nama": ""})]


def test_a_far_column_with_a_value_is_refused_with_its_row() -> None:
    data = sheet_file({"A1": "kode", "Z200000": "x"})
    with pytest.raises(InputErrors) as exc:
        read_table(data, source="units.xlsx", required=["kode"])
    assert exc.value.lines() == [
        "units.xlsx:200000:: baris punya lebih banyak kolom daripada header"
    ]


@override_settings(PAMONG_IMPORT_MAX_ROWS=1000)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_row_limit_names_the_first_row_past_it(kind: str) -> None:
    if kind == "xlsx":
        data = many_rows_file(5000)
    else:
        data = ("kode\n" + "".join(f"{n}\n" for n in range(5000))).encode()
    with pytest.raises(InputErrors) as exc:
        read_table(data, source=f"units.{kind}", required=["kode"])
    assert exc.value.lines() == [f"units.{kind}:1002:: berkas melebihi batas 1000 baris data"]


@override_settings(PAMONG_IMPORT_MAX_ROWS=2000)
def test_rows_up_to_the_limit_are_read() -> None:
    table = read_table(many_rows_file(2000), source="units.xlsx", required=["kode"])
    assert len(table.rows) == 2000
    assert table.rows[-1] == (2001, {"kode": "2001"})


def test_a_wrong_header_stops_before_the_rows_are_parsed() -> None:
    data = many_rows_file(300_000, header="salah")
    started = time.monotonic()
    with pytest.raises(InputErrors) as exc:
        read_table(data, source="units.xlsx", required=["kode"])
    # Parsing 300,000 rows takes seconds; the header alone is instant.
    assert time.monotonic() - started < 1
    assert "units.xlsx:1:kode: kolom wajib tidak ada" in exc.value.lines()


def test_too_many_header_columns_are_refused() -> None:
    cells = {f"{xlsx_column(i)}1": f"c{i}" for i in range(1, 101)}
    data = sheet_file({**cells, "A2": "1"})
    table = read_table(data, source="t.xlsx", required=["c1"], ignore_unknown_columns=True)
    assert len(table.header) == 100
    csv_data = (",".join(f"c{i}" for i in range(1, 102)) + "\n").encode()
    with pytest.raises(InputErrors) as exc:
        read_table(csv_data, source="t.csv", required=["c1"], ignore_unknown_columns=True)
    assert exc.value.lines() == ["t.csv:1:: berkas melebihi batas 100 kolom"]


def xlsx_column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@pytest.mark.parametrize("index", [1, 26, 27, 52, 702, 703, 16384])
def test_column_letters(index: int) -> None:
    assert xlsx.column_index(xlsx_column(index)) == index


def test_the_row_estimate_does_not_trust_a_small_dimension() -> None:
    data = many_rows_file(50_000)
    assert xlsx.estimated_rows(sheet_file({"A1": "x"}, dimension="A1:C5000")) == 5000
    assert xlsx.estimated_rows(data) >= 20_000


def test_a_sheet_with_a_doctype_is_refused() -> None:
    """Entity declarations are how XML bombs are built; OOXML never needs them."""
    data = sheet_file({"A1": "kode", "A2": "&b;"})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            body = source.read(name)
            if name.endswith("sheet1.xml"):
                bomb = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                body = body.replace(b"<worksheet", bomb + b"<worksheet", 1)
            target.writestr(name, body)
    with pytest.raises(InputErrors) as exc:
        read_table(out.getvalue(), source="u.xlsx", required=["kode"])
    assert exc.value.lines() == [
        "u.xlsx: berkas XLSX tidak bisa dibaca: berkas XLSX berisi deklarasi DOCTYPE"
    ]
