"""`pamong kinerja tree import|export`: all or nothing, errors with line and field, idempotent,
round trip, audit."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.core.actor import system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.kinerja_org.models import (
    IndikatorSasaran,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    SasaranStrategis,
)
from pamong.kinerja_org.treefile import tree_export, tree_import
from tests.conftest import World
from tests.kinerja_org.conftest import YEAR, act

pytestmark = pytest.mark.django_db

GOOD = """\
year: 2026
sasaran:
  - code: SS.1
    statement: Meningkatnya kualitas pelayanan publik
    indikator:
      - code: SS.1.1
        statement: Indeks kepuasan masyarakat
        target_value: 82
        target_unit: poin
      - code: SS.1.2
        statement: Predikat SAKIP
        target_text: BB
  - code: R.1
    unit: "1.01"
    statement: Meningkatnya profesionalitas ASN
    indikator:
      - code: R.1.1
        statement: Indeks profesionalitas ASN
        target_value: 71.5
        target_unit: poin
perjanjian_kinerja:
  - unit: "1.01"
    status: signed
    signed_at: 2026-01-15
    items:
      - indikator: SS.1.1
        target_value: 84
        target_unit: poin
      - indikator: R.1.1
        target_value: 72
        target_unit: poin
  - unit: "1.01.01"
    items:
      - indikator: R.1.1
        target_text: Naik dari tahun lalu
"""


def _counts() -> tuple[int, int, int, int]:
    return (
        SasaranStrategis.objects.count(),
        IndikatorSasaran.objects.count(),
        PerjanjianKinerja.objects.count(),
        PerjanjianKinerjaItem.objects.count(),
    )


def _units(world: World) -> None:
    for unit in (world.opd, world.bidang):
        unit.refresh_from_db()


def test_import_writes_the_tree_and_is_idempotent(world: World) -> None:
    _units(world)
    actor = system_actor(world.tenant)
    result = tree_import(actor=actor, year=YEAR, data=GOOD, source="pohon.yaml")
    assert result.counts == {"created": 10, "updated": 0, "unchanged": 0}
    assert _counts() == (2, 3, 2, 3)
    opd_pk = PerjanjianKinerja.objects.get(unit=world.opd)
    assert (opd_pk.status, opd_pk.signer_id) == ("signed", world.head.pk)
    assert PerjanjianKinerja.objects.get(unit=world.bidang).status == "draft"
    assert SasaranStrategis.objects.get(code="R.1").unit_id == world.opd.pk
    assert IndikatorSasaran.objects.get(code="R.1.1").target_value == Decimal("71.5")
    log = AuditLog.objects.get(action="kinerja_org.tree.imported")
    assert log.data["sha256"] == hashlib.sha256(GOOD.encode()).hexdigest()
    assert log.data["file"] == "pohon.yaml" and log.data["created"] == 10
    again = tree_import(actor=actor, year=YEAR, data=GOOD, source="pohon.yaml")
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 10}
    changed = GOOD.replace("target_value: 82\n", "target_value: 83\n")
    assert tree_import(actor=actor, year=YEAR, data=changed, source="p").counts["updated"] == 1


def test_export_round_trips(world: World) -> None:
    _units(world)
    actor = system_actor(world.tenant)
    tree_import(actor=actor, year=YEAR, data=GOOD, source="pohon.yaml")
    text = tree_export(world.tenant, YEAR)
    assert "signed_at: 2026-01-15" in text and "unit: '1.01'" in text
    assert "target_value: 71.5" in text and "target_value: 82\n" in text
    result = tree_import(actor=actor, year=YEAR, data=text, source="export.yaml")
    assert result.counts["created"] == 0 and result.counts["updated"] == 0


def test_a_bad_row_writes_nothing_and_names_line_entry_and_field(world: World) -> None:
    _units(world)
    bad = GOOD.replace("      - indikator: R.1.1\n        target_text: Naik", (
        "      - indikator: X.9\n        target_text: Naik"
    )).replace("        target_text: BB\n", "        target_value: -3\n")  # fmt: skip
    with pytest.raises(InputErrors) as exc:
        tree_import(actor=system_actor(world.tenant), year=YEAR, data=bad, source="pohon.yaml")
    lines = exc.value.lines()
    assert lines == [
        "pohon.yaml:12:sasaran[0].indikator[1].target_value: harus berupa angka tidak negatif",
        "pohon.yaml:34:perjanjian_kinerja[1].items[0].indikator: "
        "indikator X.9 tidak ada pada tahun ini",
    ]
    assert _counts() == (0, 0, 0, 0)
    assert not AuditLog.objects.filter(action="kinerja_org.tree.imported").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("year: 2026", "year: 2025"), ":1:year: tahun berkas (2025) bukan 2026"),
        (("unit: \"1.01.01\"", "unit: \"7.77\""), ":32:perjanjian_kinerja[1].unit: unit 7.77"),
        (("code: R.1\n", "code: SS.1\n"), ":13:sasaran[1].code: kode sasaran SS.1 ganda"),
        (("    statement: Meningkatnya profesionalitas ASN\n", ""), ":13:sasaran[1].statement:"),
        (("status: signed", "status: final"), ":23:perjanjian_kinerja[0].status: harus draft"),
        (("target_unit: poin\n      - code: SS.1.2", "satuan: poin\n      - code: SS.1.2"),
         ":9:sasaran[0].indikator[0].satuan: kunci tidak dikenal"),
        (("target_value: 82", "target_value: 82.125"),
         ":8:sasaran[0].indikator[0].target_value: paling banyak 14 angka sebelum koma"),
        (("target_value: 82", "target_value: 100000000000000"),
         ":8:sasaran[0].indikator[0].target_value: paling banyak 14 angka sebelum koma"),
    ],
)  # fmt: skip
def test_each_problem_is_reported(world: World, change: tuple[str, str], expected: str) -> None:
    _units(world)
    bad = GOOD.replace(*change)
    with pytest.raises(InputErrors) as exc:
        tree_import(actor=system_actor(world.tenant), year=YEAR, data=bad, source="f.yaml")
    assert any(expected in line for line in exc.value.lines()), exc.value.lines()
    assert _counts() == (0, 0, 0, 0)


def test_units_sasaran_only_for_units_at_or_below_it(world: World) -> None:
    _units(world)
    bad = GOOD.replace('    unit: "1.01"\n    statement: Mening', '    unit: "1.01.01"\n'
                       "    statement: Mening")  # fmt: skip
    with pytest.raises(InputErrors) as exc:
        tree_import(actor=system_actor(world.tenant), year=YEAR, data=bad, source="f.yaml")
    assert any("milik sasaran unit 1.01.01" in line for line in exc.value.lines())


def test_a_signed_pk_does_not_change_through_an_import(world: World) -> None:
    _units(world)
    actor = system_actor(world.tenant)
    tree_import(actor=actor, year=YEAR, data=GOOD, source="f.yaml")
    changed = GOOD.replace("target_value: 84", "target_value: 99")
    with pytest.raises(InputErrors) as exc:
        tree_import(actor=actor, year=YEAR, data=changed, source="f.yaml")
    assert "PK 1.01 sudah ditandatangani" in exc.value.lines()[0]
    assert PerjanjianKinerjaItem.objects.filter(target_value=99).count() == 0
    # Nor does the order of its items; the draft PK's items may move.
    swapped = GOOD.replace(
        "      - indikator: SS.1.1\n        target_value: 84\n        target_unit: poin\n"
        "      - indikator: R.1.1\n        target_value: 72\n        target_unit: poin\n",
        "      - indikator: R.1.1\n        target_value: 72\n        target_unit: poin\n"
        "      - indikator: SS.1.1\n        target_value: 84\n        target_unit: poin\n",
    )
    assert swapped != GOOD
    before = list(PerjanjianKinerjaItem.objects.order_by("pk").values_list("pk", "order"))
    tree_import(actor=actor, year=YEAR, data=swapped, source="f.yaml")
    after = list(PerjanjianKinerjaItem.objects.order_by("pk").values_list("pk", "order"))
    assert after == before


def test_invalid_yaml_and_permission(world: World) -> None:
    with pytest.raises(InputErrors, match="1 problem"):
        tree_import(actor=system_actor(world.tenant), year=YEAR, data="a: [", source="f")
    with pytest.raises(PermissionDenied):
        tree_import(actor=act(world.head_user), year=YEAR, data=GOOD, source="f")


def test_the_commands(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _units(world)
    path = tmp_path / "pohon.yaml"
    path.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("SS.1.1\n        target_value: 84", "SS.7\n        x: 1"))
    with pytest.raises(CommandError) as exc:
        call_command("kinerja_tree_import", "--tenant", "sofifi", "--year", "2026", str(bad))
    assert exc.value.returncode == 2
    err = capsys.readouterr().err
    assert f"{bad}:27:perjanjian_kinerja[0].items[0].x: kunci tidak dikenal" in err
    assert _counts() == (0, 0, 0, 0)
    call_command("kinerja_tree_import", "--tenant", "sofifi", "--year", "2026", str(path))
    assert "dibuat 10" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    call_command(
        "kinerja_tree_export", "--tenant", "sofifi", "--year", "2026", "--output", str(out)
    )
    assert "Indeks profesionalitas ASN" in out.read_text(encoding="utf-8")
    call_command("kinerja_tree_export", "--tenant", "sofifi", "--year", "2026")
    assert "perjanjian_kinerja:" in capsys.readouterr().out


def test_the_console_command_words_map_to_the_commands() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pamong.cli", "kinerja", "tree", "import", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "--year" in result.stdout
