"""employees.csv: a PPPK's contract (mulai_kontrak, akhir_kontrak), for the leave rules."""

from __future__ import annotations

import datetime as dt

import pytest

from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.imports.employees import import_employees
from pamong.org.models import Employee
from tests.imports.helpers import EMPLOYEE_HEADER, example_employees, to_csv

STAFF = "199507212026101001"  # PNS
PERAWAT = "199811302024212005"  # PPPK
HEADER = [*EMPLOYEE_HEADER, "mulai_kontrak", "akhir_kontrak"]


def _run(actor: Actor, data: bytes) -> None:
    import_employees(actor=actor, table_or_file=data, source="employees.csv")


def test_contract_is_imported_and_kept_when_the_columns_are_left_out(with_units: Actor) -> None:
    rows = example_employees(
        **{PERAWAT: {"mulai_kontrak": "2024-03-01", "akhir_kontrak": "2029-02-28"}}
    )
    _run(with_units, to_csv(rows, HEADER))
    perawat = Employee.objects.get(nip=PERAWAT)
    assert (perawat.contract_start, perawat.contract_end) == (
        dt.date(2024, 3, 1),
        dt.date(2029, 2, 28),
    )
    _run(with_units, to_csv(example_employees(), EMPLOYEE_HEADER))
    assert Employee.objects.get(nip=PERAWAT).contract_end == dt.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({STAFF: {"mulai_kontrak": "2024-01-01", "akhir_kontrak": "2026-12-31"}},
         "mulai_kontrak: masa kontrak hanya untuk PPPK"),
        ({PERAWAT: {"mulai_kontrak": "2024-01-01"}},
         "akhir_kontrak: isi mulai dan akhir kontrak bersama-sama"),
        ({PERAWAT: {"mulai_kontrak": "2024-01-01", "akhir_kontrak": "2023-12-31"}},
         "akhir_kontrak: akhir kontrak sebelum mulai kontrak"),
    ],
)  # fmt: skip
def test_bad_contract_writes_nothing(with_units: Actor, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputErrors) as exc:
        _run(with_units, to_csv(example_employees(**change), HEADER))
    assert any(expected in line for line in exc.value.lines())
    assert not Employee.objects.exists()
