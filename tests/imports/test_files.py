"""File-level problems: encoding, header, size, emptiness. Nothing is ever written."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.imports.employees import import_employees
from pamong.imports.units import import_units
from pamong.org.models import Employee, Unit
from tests.imports.helpers import EMPLOYEE_HEADER, example_bytes, example_employees, to_csv


def _employee_errors(actor: Actor, data: bytes, **kwargs: bool) -> list[str]:
    counts = (Employee.objects.count(), AuditLog.objects.count())
    with pytest.raises(InputErrors) as exc:
        import_employees(actor=actor, table_or_file=data, source="pegawai.csv", **kwargs)
    assert (Employee.objects.count(), AuditLog.objects.count()) == counts
    return exc.value.lines()


def test_latin1_bytes_are_refused(with_units: Actor) -> None:
    data = example_bytes("employees.csv").replace(b"Arnoldus", "Arnöldus".encode("latin-1"))
    lines = _employee_errors(with_units, data)
    assert len(lines) == 1
    assert lines[0].startswith("pegawai.csv:4:: berkas bukan UTF-8")


def test_bom_is_accepted(with_units: Actor) -> None:
    data = b"\xef\xbb\xbf" + example_bytes("employees.csv")
    result = import_employees(actor=with_units, table_or_file=data, source="pegawai.csv")
    assert result.created == 6


def test_header_is_case_insensitive(with_units: Actor) -> None:
    header, rest = example_bytes("employees.csv").split(b"\n", 1)
    result = import_employees(
        actor=with_units, table_or_file=header.upper() + b"\n" + rest, source="pegawai.csv"
    )
    assert result.created == 6


def test_missing_required_column(with_units: Actor) -> None:
    header = [h for h in EMPLOYEE_HEADER if h != "kode_unit"]
    lines = _employee_errors(with_units, to_csv(example_employees(), header))
    assert lines == ["pegawai.csv:1:kode_unit: kolom wajib tidak ada"]


def test_wrong_header(with_units: Actor) -> None:
    lines = _employee_errors(with_units, b"a,b,c\n1,2,3\n")
    assert "pegawai.csv:1:a: kolom tidak dikenal" in lines
    assert "pegawai.csv:1:nip: kolom wajib tidak ada" in lines
    assert len(lines) == 3 + 10


def test_unknown_column_refused_then_accepted_when_ignored(with_units: Actor) -> None:
    rows = [{**row, "catatan": "x"} for row in example_employees()]
    data = to_csv(rows, [*EMPLOYEE_HEADER, "catatan"])
    assert _employee_errors(with_units, data) == ["pegawai.csv:1:catatan: kolom tidak dikenal"]
    result = import_employees(
        actor=with_units, table_or_file=data, source="pegawai.csv", ignore_unknown_columns=True
    )
    assert result.created == 6


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_empty_file(actor: Actor, data: bytes) -> None:
    with pytest.raises(InputErrors) as exc:
        import_units(actor=actor, table_or_file=data, source="units.csv")
    assert exc.value.lines() == ["units.csv: berkas kosong"]
    assert not Unit.objects.exists()


def test_header_only_file_imports_nothing(actor: Actor) -> None:
    result = import_units(actor=actor, table_or_file=b"kode,nama,jenis\n", source="units.csv")
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 0}


@override_settings(PAMONG_IMPORT_MAX_BYTES=100)
def test_too_big_with_small_limit(actor: Actor) -> None:
    with pytest.raises(InputErrors) as exc:
        import_units(actor=actor, table_or_file=example_bytes("units.csv"), source="units.csv")
    assert exc.value.lines()[0].startswith("units.csv: berkas terlalu besar")
    assert not Unit.objects.exists()


def test_real_file_over_50_mb_is_refused_quickly(actor: Actor) -> None:
    data = example_bytes("units.csv") + b"9.99,Dinas,,opd\n" * (52 * 2**20 // 16)
    assert len(data) > 50 * 2**20
    started = time.monotonic()
    with pytest.raises(InputErrors) as exc:
        import_units(actor=actor, table_or_file=data, source="units.csv")
    assert time.monotonic() - started < 2
    assert exc.value.lines() == ["units.csv: berkas terlalu besar (maksimum 50 MB)"]
    assert not Unit.objects.exists()


def test_broken_xlsx(actor: Actor) -> None:
    with pytest.raises(InputErrors) as exc:
        import_units(actor=actor, table_or_file=b"PK\x03\x04garbage", source="units.xlsx")
    assert exc.value.lines()[0].startswith("units.xlsx: berkas XLSX tidak bisa dibaca")
