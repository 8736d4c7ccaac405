from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pamong.core.actor import Actor, actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog, Tenant
from pamong.imports.units import import_units
from pamong.org.models import Unit
from tests.imports.helpers import example_bytes, to_csv, to_xlsx

HEADER = ["kode", "nama", "kode_induk", "jenis"]


def _run(actor: Actor, data: bytes, **kwargs: bool) -> object:
    return import_units(actor=actor, table_or_file=data, source="units.csv", **kwargs)


def _fails(actor: Actor, data: bytes) -> list[str]:
    before = (Unit.objects.count(), AuditLog.objects.count())
    with pytest.raises(InputErrors) as exc:
        _run(actor, data)
    assert (Unit.objects.count(), AuditLog.objects.count()) == before, "nothing may be written"
    return exc.value.lines()


def test_example_units_import_and_tree(actor: Actor, tenant: Tenant) -> None:
    result = _run(actor, example_bytes("units.csv"))
    assert result.as_dict() == {"created": 4, "updated": 0, "unchanged": 0}
    tanjung = Unit.objects.get(tenant=tenant, code="1.02.05")
    assert tanjung.path == "1.02/1.02.05"
    assert tanjung.depth == 1
    assert tanjung.opd.code == "1.02"
    assert tanjung.kind == "puskesmas"
    entry = AuditLog.objects.get(action="imports.units.imported")
    assert entry.data["file"] == "units.csv"
    assert len(entry.data["sha256"]) == 64
    assert entry.data["created"] == 4


def test_reimport_is_unchanged(actor: Actor) -> None:
    _run(actor, example_bytes("units.csv"))
    result = _run(actor, example_bytes("units.csv"))
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 4}


def test_parent_may_come_later_and_xlsx(actor: Actor, tenant: Tenant) -> None:
    rows = [
        {"kode": "2.01.01.01", "nama": "Seksi A", "kode_induk": "2.01.01", "jenis": "seksi"},
        {"kode": "2.01.01", "nama": "Bidang A", "kode_induk": "2.01", "jenis": "bidang"},
        {"kode": "2.01", "nama": "Dinas A", "kode_induk": "", "jenis": "opd"},
    ]
    result = _run(actor, to_xlsx(rows, HEADER))
    assert result.as_dict()["created"] == 3
    seksi = Unit.objects.get(tenant=tenant, code="2.01.01.01")
    assert (seksi.path, seksi.depth, seksi.opd.code) == ("2.01/2.01.01/2.01.01.01", 2, "2.01")


def test_update_moves_unit_and_counts(actor: Actor, tenant: Tenant) -> None:
    _run(actor, example_bytes("units.csv"))
    data = example_bytes("units.csv").replace(b"Puskesmas Tanjung,1.02", b"Puskesmas Baru,1.01")
    result = _run(actor, data)
    assert result.as_dict() == {"created": 0, "updated": 1, "unchanged": 3}
    moved = Unit.objects.get(tenant=tenant, code="1.02.05")
    assert (moved.name, moved.opd.code, moved.path) == ("Puskesmas Baru", "1.01", "1.01/1.02.05")


def test_unknown_parent(actor: Actor) -> None:
    rows = [{"kode": "3.01", "nama": "X", "kode_induk": "9.99", "jenis": "opd"}]
    assert _fails(actor, to_csv(rows, HEADER)) == [
        "units.csv:2:kode_induk: unit induk 9.99 tidak dikenal"
    ]


def test_cycle_in_file(actor: Actor) -> None:
    rows = [
        {"kode": "A", "nama": "A", "kode_induk": "B", "jenis": "bidang"},
        {"kode": "B", "nama": "B", "kode_induk": "A", "jenis": "bidang"},
    ]
    lines = _fails(actor, to_csv(rows, HEADER))
    assert len(lines) == 1
    assert "siklus" in lines[0]


def test_cycle_through_stored_unit(actor: Actor) -> None:
    _run(actor, example_bytes("units.csv"))
    # 1.01 becomes the child of its own child 1.01.01 (stored parent: 1.01).
    rows = [{"kode": "1.01", "nama": "BKPSDM", "kode_induk": "1.01.01", "jenis": "opd"}]
    lines = _fails(actor, to_csv(rows, HEADER))
    assert lines[0].startswith("units.csv:2:kode_induk: siklus")


def test_self_parent_duplicate_and_bad_kind(actor: Actor) -> None:
    rows = [
        {"kode": "A", "nama": "A", "kode_induk": "A", "jenis": "opd"},
        {"kode": "B", "nama": "B", "kode_induk": "", "jenis": "dinas"},
        {"kode": "B", "nama": "B2", "kode_induk": "", "jenis": "opd"},
        {"kode": "", "nama": "", "kode_induk": "", "jenis": "opd"},
    ]
    lines = _fails(actor, to_csv(rows, HEADER))
    assert "units.csv:2:kode_induk: unit tidak boleh menjadi induk dirinya" in lines
    assert any(line.startswith("units.csv:3:jenis: jenis dinas tidak dikenal") for line in lines)
    assert "units.csv:4:kode: kode B ganda (sudah ada di baris 3)" in lines
    assert "units.csv:5:kode: wajib diisi" in lines
    assert "units.csv:5:nama: wajib diisi" in lines


def test_needs_import_permission(world: object) -> None:
    employee_actor = actor_for_user(world.employee_user)  # type: ignore[attr-defined]
    with pytest.raises(PermissionDenied):
        _run(employee_actor, example_bytes("units.csv"))
