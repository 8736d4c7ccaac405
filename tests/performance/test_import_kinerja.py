"""kinerja.csv import: periods, matrix check, all-or-nothing, idempotence, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.performance.imports import ratings_import
from pamong.performance.models import Rating
from tests.conftest import World

HEADER = "nip,periode,hasil_kerja,perilaku_kerja,predikat\n"


def _import(world: World, body: str, **kwargs: object) -> dict[str, int]:
    return ratings_import(
        actor=cli_actor(world.tenant), data=(HEADER + body).encode(), source="k.csv", **kwargs
    )


def test_imports_every_period_format_with_the_matrix_predikat(world: World) -> None:
    nip = world.employee.nip
    body = "".join(
        f"{nip},{period},di_atas,di_atas,\n" for period in ("2026-10", "2026-Q3", "2026-S1", "2026")
    )
    assert _import(world, body) == {"created": 4, "updated": 0, "unchanged": 0}
    ratings = Rating.objects.filter(employee=world.employee)
    assert {r.period for r in ratings} == {"2026-10", "2026-Q3", "2026-S1", "2026"}
    assert {r.predikat for r in ratings} == {"sangat_baik"}
    assert {r.source for r in ratings} == {"import"}


def test_reimport_is_idempotent_and_updates_by_key(world: World) -> None:
    nip = world.employee.nip
    _import(world, f"{nip},2026-10,sesuai,sesuai,baik\n")
    assert _import(world, f"{nip},2026-10,sesuai,sesuai,baik\n") == {
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    assert _import(world, f"{nip},2026-10,di_bawah,di_bawah,\n")["updated"] == 1
    assert Rating.objects.get(employee=world.employee).predikat == "sangat_kurang"
    entries = AuditLog.objects.filter(action="performance.ratings.imported")
    assert entries.count() == 3 and entries.first().data["file"] == "k.csv"  # type: ignore[union-attr]


def test_a_wrong_predikat_is_an_error_on_its_row_and_nothing_is_written(world: World) -> None:
    nip = world.employee.nip
    body = (
        f"{nip},2026-10,sesuai,sesuai,baik\n"
        f"{world.peer.nip},2026-10,di_atas,di_bawah,baik\n"
        f"{world.foreigner.nip},2026-13,lebih,sesuai,\n"
    )
    with pytest.raises(InputErrors) as info:
        _import(world, body)
    lines = info.value.lines()
    assert any(line.startswith("k.csv:3:predikat: tidak sesuai matriks") for line in lines)
    assert "k.csv:4:nip: pegawai dengan NIP ini tidak ada" in lines  # other tenant's NIP
    assert any(line.startswith("k.csv:4:periode:") for line in lines)
    assert any(line.startswith("k.csv:4:hasil_kerja:") for line in lines)
    assert not Rating.objects.exists()


def test_duplicate_key_in_file_is_an_error(world: World) -> None:
    nip = world.employee.nip
    with pytest.raises(InputErrors) as info:
        _import(world, f"{nip},2026-10,sesuai,sesuai,\n{nip},2026-10,di_atas,sesuai,\n")
    assert any(line.startswith("k.csv:3:periode:") for line in info.value.lines())


def test_command_exit_status(world: World, tmp_path: Path) -> None:
    good = tmp_path / "kinerja.csv"
    good.write_text(HEADER + f"{world.employee.nip},2026-10,sesuai,sesuai,\n", encoding="utf-8")
    call_command("import_kinerja", "--tenant", "sofifi", str(good))
    assert Rating.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "123,2026-10,sesuai,sesuai,\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("import_kinerja", "--tenant", "sofifi", str(bad))
    assert info.value.returncode == 2


@pytest.mark.parametrize("nip_list_max", [0, 2000])
def test_nips_resolve_in_this_tenant_only_whether_listed_or_read_whole(
    world: World, monkeypatch: pytest.MonkeyPatch, nip_list_max: int
) -> None:
    # Big files read the tenant's whole NIP map instead of listing the file's NIPs.
    from pamong.performance import imports

    monkeypatch.setattr(imports, "NIP_LIST_MAX", nip_list_max)
    with pytest.raises(InputErrors) as exc:
        _import(world, f"{world.foreigner.nip},2026-10,sesuai,sesuai,\n")
    assert exc.value.lines() == ["k.csv:2:nip: pegawai dengan NIP ini tidak ada"]
    body = (
        f"{world.employee.nip},2026-10,sesuai,sesuai,\n{world.peer.nip},2026-10,di_atas,sesuai,\n"
    )
    assert _import(world, body)["created"] == 2
    assert set(Rating.objects.values_list("employee_id", flat=True)) == {
        world.employee.pk,
        world.peer.pk,
    }
