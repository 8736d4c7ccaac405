from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.imports.employees import import_employees
from pamong.imports.export import export_employees
from pamong.org.models import Employee
from tests.imports.helpers import example_bytes, rows_of


def _imported(actor: Actor) -> None:
    import_employees(actor=actor, table_or_file=example_bytes("employees.csv"), source="e.csv")


def test_csv_round_trip_is_unchanged(with_units: Actor) -> None:
    _imported(with_units)
    data = export_employees(Employee.objects.all(), "csv")
    exported = rows_of(data)
    original = {r["nip"]: r for r in rows_of(example_bytes("employees.csv"))}
    assert len(exported) == 6
    for row in exported:
        for column, value in original[row["nip"]].items():
            assert row[column] == value, (row["nip"], column)
    result = import_employees(actor=with_units, table_or_file=data, source="export.csv")
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 6}


def test_xlsx_round_trip_is_unchanged(with_units: Actor) -> None:
    _imported(with_units)
    data = export_employees(Employee.objects.all(), "xlsx")
    assert data.startswith(b"PK")
    result = import_employees(actor=with_units, table_or_file=data, source="export.xlsx")
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 6}


def test_export_into_a_fresh_tenant_recreates_it(with_units: Actor, tenant: Tenant) -> None:
    _imported(with_units)
    before = dict(Employee.objects.values_list("nip", "supervisor__nip"))
    data = export_employees(Employee.objects.all(), "csv")
    Employee.objects.update(supervisor=None, supervisor_explicit=None)
    Employee.objects.all().delete()
    assert import_employees(actor=with_units, table_or_file=data, source="x.csv").created == 6
    assert dict(Employee.objects.values_list("nip", "supervisor__nip")) == before


def test_export_command(with_units: Actor, tmp_path: Path) -> None:
    _imported(with_units)
    for suffix in ("csv", "xlsx"):
        output = tmp_path / f"pegawai.{suffix}"
        out = io.StringIO()
        call_command("export_employees", "--tenant", "impor", "--output", str(output), stdout=out)
        assert out.getvalue().strip() == f"ditulis ke {output} (6 pegawai)"
        result = import_employees(
            actor=with_units, table_or_file=output.read_bytes(), source=output.name
        )
        assert result.unchanged == 6
