"""Streaming reader of the first sheet of an XLSX file.

A sheet is XML inside a zip. Libraries that build a grid (calamine, openpyxl's row
padding) allocate rows x columns up to the farthest cell: a 1.6 KB file with cells at A1
and XFD1048576 asked for 512 GB. Here the sheet is parsed as a stream of <c> elements,
so memory and time follow the cells actually present, and a cell past the row or column
limit stops the read at once with a clear message.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO, Any
from xml.etree.ElementTree import iterparse as _stdlib_iterparse

from django.utils.translation import gettext as _

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Built-in number formats that show a date or a time (ECMA-376 part 1, 18.8.30).
DATE_FORMAT_IDS = {*range(14, 23), 45, 46, 47}
DATE_CODE = re.compile(r"[dmyhs]")
# Spreadsheet serials count days from these (local wall time, no zone).
MAX_SHARED_STRINGS = 2_000_000
EPOCH_1900 = dt.datetime(1899, 12, 30)  # noqa: DTZ001
EPOCH_1904 = dt.datetime(1904, 1, 1)  # noqa: DTZ001


class XlsxLimitError(ValueError):
    """A cell beyond the row or column limit (row number of the offending cell)."""

    def __init__(self, message: str, row: int | None) -> None:
        super().__init__(message)
        self.row = row


def column_index(letters: str) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27, 'XFD' -> 16384."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index


PROLOG_MAX = 64 * 1024


def _check_prolog(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a part with a DOCTYPE: entities are how XML bombs are built, and OOXML has none.

    Done here instead of through defusedxml, whose pure-Python parser reads a sheet about
    five times slower than the C one.
    """
    with archive.open(name) as handle:
        head = handle.read(PROLOG_MAX)
    # Skip the XML declaration, processing instructions, comments and blanks; the first
    # other markup must be the root element.
    rest = re.sub(rb"^(\s+|<\?.*?\?>|<!--.*?-->)*", b"", head.lstrip(b"\xef\xbb\xbf"), flags=re.S)
    if rest.startswith(b"<!") or (not rest and len(head) == PROLOG_MAX):
        raise ValueError(_("berkas XLSX berisi deklarasi DOCTYPE"))


def iterparse(source: IO[bytes], events: tuple[str, ...] = ("end",)) -> Any:
    return _stdlib_iterparse(source, events=events)  # type: ignore[arg-type]  # noqa: S314 - prolog checked in _open_xml


def _open_xml(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    _check_prolog(archive, name)
    return archive.open(name)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    rel_targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for _event, elem in iterparse(_open_xml(archive, "xl/_rels/workbook.xml.rels")):
            if elem.tag == PKG_REL + "Relationship":
                rel_targets[elem.get("Id", "")] = elem.get("Target", "")
    if "xl/workbook.xml" in names:
        for _event, elem in iterparse(_open_xml(archive, "xl/workbook.xml")):
            if elem.tag == MAIN + "sheet":
                target = rel_targets.get(elem.get(REL + "id", ""), "")
                if target:
                    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                    path = posixpath.normpath(path)
                    if path in names:
                        return path
                break
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    raise ValueError(_("tidak ada lembar kerja"))


def _date1904(archive: zipfile.ZipFile) -> bool:
    if "xl/workbook.xml" not in archive.namelist():
        return False
    for _event, elem in iterparse(_open_xml(archive, "xl/workbook.xml")):
        if elem.tag == MAIN + "workbookPr":
            return elem.get("date1904", "0") in ("1", "true")
    return False


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cellXfs whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    dated: set[int] = set()
    in_xfs = False
    index = 0
    for event, elem in iterparse(_open_xml(archive, "xl/styles.xml"), events=("start", "end")):
        if elem.tag == MAIN + "numFmt" and event == "end":
            custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
        elif elem.tag == MAIN + "cellXfs":
            in_xfs = event == "start"
        elif elem.tag == MAIN + "xf" and in_xfs and event == "end":
            fmt = int(elem.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(fmt, "")).lower()
            if fmt in DATE_FORMAT_IDS or (fmt in custom and DATE_CODE.search(code)):
                dated.add(index)
            index += 1
    return dated


ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold (U+000B ...) as _xHHHH_ (ST_Xstring)."""
    return ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text_of(elem: object) -> str:
    # <si> and <is> hold either <t> or rich-text runs <r><t>; phonetic runs <rPh> are not text.
    parts = []
    for child in elem.iter():  # type: ignore[attr-defined]
        if child.tag == MAIN + "t":
            parts.append(_unescape(child.text or ""))
        elif child.tag == MAIN + "rPh":
            break
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, max_strings: int) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    for _event, elem in iterparse(_open_xml(archive, "xl/sharedStrings.xml")):
        if elem.tag == MAIN + "si":
            strings.append(_text_of(elem))
            elem.clear()
            if len(strings) > max_strings:
                raise XlsxLimitError(_("terlalu banyak teks dalam berkas XLSX"), None)
    return strings


def _number_text(value: str, dated: bool, date1904: bool) -> str:
    try:
        number = int(value)
    except ValueError:
        try:
            real = float(value)
        except ValueError:
            return value
        if not dated:
            return str(int(real)) if real.is_integer() else repr(real)
        number_f = real
    else:
        if not dated:
            return str(number)
        number_f = float(number)
    moment = (EPOCH_1904 if date1904 else EPOCH_1900) + dt.timedelta(days=number_f)
    if 0 <= number_f < 1 and not number_f.is_integer():
        return moment.time().replace(microsecond=0).isoformat()
    if number_f.is_integer():
        return moment.date().isoformat()
    return (moment + dt.timedelta(microseconds=500_000)).strftime("%Y-%m-%d %H:%M:%S")


def _cell_value(elem: Any, shared: list[str], dated_styles: set[int], date1904: bool) -> str:
    kind = elem.get("t", "n")
    if kind == "inlineStr":
        found = elem.find(MAIN + "is")
        return _text_of(found) if found is not None else ""
    value = elem.find(MAIN + "v")
    raw: str = value.text if value is not None and value.text is not None else ""
    if kind == "s" and raw:
        index = int(raw)
        return shared[index] if 0 <= index < len(shared) else ""
    if kind == "b":
        return "True" if raw == "1" else "False" if raw else ""
    if kind == "n" and raw:
        style = int(elem.get("s", "0") or 0)
        return _number_text(raw, style in dated_styles, date1904)
    return raw  # "str" (a formula's text), "e" (#N/A ...), "d" (ISO 8601)


def iter_rows(data: bytes, *, max_rows: int, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, stripped cell texts) of the first sheet, rows with values only.

    Raises XlsxLimitError for a cell past `max_rows` (counting the header) or `max_columns`.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = _first_sheet(archive)
    date1904 = _date1904(archive)
    dated_styles = _date_styles(archive)
    # Distinct texts are held in memory: bounded so that they stay well under 300 MB.
    shared = _shared_strings(archive, min(max_rows * max_columns, MAX_SHARED_STRINGS))
    row_number = 0
    cells: dict[int, str] = {}
    position = 0
    parent = None
    row_tag, cell_tag, data_tag = MAIN + "row", MAIN + "c", MAIN + "sheetData"
    for event, elem in iterparse(_open_xml(archive, sheet), events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == data_tag:
                parent = elem  # finished rows are removed from it (see below)
            continue
        if tag == cell_tag:  # a cell ends before its row, whose attributes we read at its end
            ref = elem.get("r", "")
            match = CELL_REF.match(ref)
            position = column_index(match.group(1)) if match else position + 1
            text = _cell_value(elem, shared, dated_styles, date1904).strip()
            if text:
                if position > max_columns:
                    row = int(match.group(2)) if match else row_number + 1
                    raise XlsxLimitError(
                        _("sel %(ref)s melebihi batas %(n)s kolom")
                        % {"ref": ref or position, "n": max_columns},
                        row,
                    )
                cells[position] = text
        elif tag == row_tag:
            ref = elem.get("r")
            row_number = int(ref) if ref and ref.isdigit() else row_number + 1
            if cells:
                if row_number > max_rows:
                    raise XlsxLimitError(
                        _("berkas melebihi batas %(n)s baris data") % {"n": max_rows - 1},
                        row_number,
                    )
                width = max(cells)
                yield row_number, [cells.get(i, "") for i in range(1, width + 1)]
                cells = {}
            position = 0
            if parent is not None:
                parent.clear()  # drop finished rows, or a million empty elements stay


def estimated_rows(data: bytes) -> int:
    """Rows of the first sheet, cheaply, to choose between the request and a background job.

    The sheet's <dimension> may lie or be missing, so the sheet's unpacked size counts too
    (a row of a real import takes well over 40 bytes of XML).
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    sheet = _first_sheet(archive)
    by_size = archive.getinfo(sheet).file_size // 40
    for _event, elem in iterparse(_open_xml(archive, sheet), events=("start",)):
        if elem.tag == MAIN + "dimension":
            match = CELL_REF.match(elem.get("ref", "").split(":")[-1])
            return max(int(match.group(2)) if match else 0, by_size)
        if elem.tag == MAIN + "sheetData":
            break
    return by_size
