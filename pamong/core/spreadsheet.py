"""The one place that makes exported CSV and XLSX cells safe to open in a spreadsheet.

Every CSV and XLSX export writes its rows through `csv_writer` or `xlsx_append` (or
`safe_row`). The rule (docs/formats/exports-safety.md):

1. Text cells lose the characters XML 1.0 forbids (U+0000-U+0008, U+000B, U+000C,
   U+000E-U+001F): openpyxl refuses them, and one bad name made every XLSX export of a
   tenant fail. Tab, line feed and carriage return stay.
2. Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
   apostrophe `'`, so Excel and LibreOffice show it as text instead of running it as a
   formula (CSV injection, OWASP). Text that is a plain number (`-5`, `+62812...`, `1.5`)
   is left alone, and numbers, Decimals and dates are never touched.

Pamong's own imports undo rule 2 (`unescape`), so an export read back changes nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$")


def safe_cell(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = ILLEGAL.sub("", value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def unescape(text: str) -> str:
    """The cell text as it was before `safe_cell` (for imports of exported files)."""
    if text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r":
        return text[1:]
    return text


class SafeCsvWriter:
    """csv.writer whose rows go through `safe_row`."""

    def __init__(self, handle: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self._writer.writerow(safe_row(row))


def csv_writer(handle: Any, **kwargs: Any) -> SafeCsvWriter:
    return SafeCsvWriter(handle, **kwargs)


def xlsx_append(sheet: Any, row: Iterable[Any]) -> None:
    """`sheet.append(row)` with safe cells (openpyxl, normal or write-only sheets)."""
    sheet.append(safe_row(row))
