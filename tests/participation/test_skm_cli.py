"""`pamong import skm` and `pamong skm report` against a hand-computed example."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pamong.core.models import AuditLog
from pamong.participation.models import SkmResponse, SkmService
from tests.conftest import World
from tests.factories import UnitFactory

HEADER = "kode_unit,layanan,tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9,jenis_kelamin,usia\n"
ROWS = [
    "1.01,Penerbitan KTP-el,2026-10-01,4,4,4,4,4,4,4,4,4,L,30",
    "1.01,Penerbitan KTP-el,2026-10-02,3,3,3,3,3,3,3,3,3,P,",
    "1.01,Penerbitan KTP-el,2026-10-31,3,4,2,4,3,3,4,1,3,,",
    "1.01,Akta Kelahiran,2026-10-15,2,2,2,2,2,2,2,2,1,,",
    "1.02,Rawat Jalan,2026-10-03,4,4,4,4,4,4,4,4,4,,",
    "1.02,Rawat Jalan,2026-10-03,4,4,4,4,4,4,4,4,3,,",
    # Outside the report range (one day before and after).
    "1.02,Rawat Jalan,2026-09-30,1,1,1,1,1,1,1,1,1,,",
    "1.02,Rawat Jalan,2026-11-01,1,1,1,1,1,1,1,1,1,,",
]
EXPECTED = """\
kode_unit,layanan,responden,nrr_u1,nrr_u2,nrr_u3,nrr_u4,nrr_u5,nrr_u6,nrr_u7,nrr_u8,nrr_u9,ikm,ikm_konversi,mutu,kinerja
1.01,Akta Kelahiran,1,2.000,2.000,2.000,2.000,2.000,2.000,2.000,2.000,1.000,1.8889,47.22,D,tidak baik
1.01,Penerbitan KTP-el,3,3.333,3.667,3.000,3.667,3.333,3.333,3.667,2.667,3.333,3.3333,83.33,B,baik
1.01,*,4,3.000,3.250,2.750,3.250,3.000,3.000,3.250,2.500,2.750,2.9722,74.31,C,kurang baik
1.02,Rawat Jalan,2,4.000,4.000,4.000,4.000,4.000,4.000,4.000,4.000,3.500,3.9444,98.61,A,sangat baik
1.02,*,2,4.000,4.000,4.000,4.000,4.000,4.000,4.000,4.000,3.500,3.9444,98.61,A,sangat baik
*,*,6,3.333,3.500,3.167,3.500,3.333,3.333,3.500,3.000,3.000,3.2963,82.41,B,baik
"""  # noqa: E501


def _write(tmp_path: Path, rows: list[str], name: str = "skm.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _import(path: Path, tenant: str = "sofifi") -> str:
    out = StringIO()
    call_command("import_skm", str(path), tenant=tenant, stdout=out)
    return out.getvalue()


def _report(tmp_path: Path, name: str = "ikm.csv", tenant: str = "sofifi") -> Path:
    output = tmp_path / name
    call_command(
        "skm_report",
        tenant=tenant,
        date_from="2026-10-01",
        date_to="2026-10-31",
        output=str(output),
        stderr=StringIO(),
    )
    return output


def test_report_matches_the_hand_computed_example(world: World, tmp_path: Path) -> None:
    _import(_write(tmp_path, ROWS))
    # Another tenant's unit with the same code does not leak into the report.
    _import(_write(tmp_path, ["1.01,Penerbitan KTP-el,2026-10-05,1,1,1,1,1,1,1,1,1,,"]), "kupang")
    output = _report(tmp_path)
    assert output.read_bytes().decode("utf-8").replace("\r\n", "\n") == EXPECTED


def test_xlsx_report_has_the_same_rows(world: World, tmp_path: Path) -> None:
    _import(_write(tmp_path, ROWS))
    sheet = load_workbook(_report(tmp_path, "ikm.xlsx")).active
    values = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    expected = [line.split(",") for line in EXPECTED.splitlines()]
    assert values[0] == expected[0]
    assert [v[:3] + v[-2:] for v in values[1:]] == [e[:3] + e[-2:] for e in expected[1:]]
    assert sheet.cell(row=2, column=14).value == pytest.approx(47.22)


def test_reimport_is_idempotent_and_identical_rows_are_separate_respondents(
    world: World, tmp_path: Path
) -> None:
    path = _write(tmp_path, ROWS)
    assert _import(path).startswith("dibuat 8, diperbarui 0, tidak berubah 0 (layanan dibuat: 3)")
    assert _import(path).startswith("dibuat 0, diperbarui 0, tidak berubah 8 (layanan dibuat: 0)")
    assert SkmResponse.objects.filter(tenant=world.tenant).count() == 8
    assert SkmService.objects.filter(tenant=world.tenant).count() == 3
    # The same row three times means three respondents; adding one more keeps the first two.
    dup = "1.01,Pengaduan,2026-10-09,4,4,4,4,4,4,4,4,4,,"
    assert _import(_write(tmp_path, [dup, dup])).startswith("dibuat 2,")
    assert _import(_write(tmp_path, [dup, dup, dup])).startswith(
        "dibuat 1, diperbarui 0, tidak berubah 2"
    )
    entry = AuditLog.objects.filter(action="participation.skm.import").first()
    assert entry is not None
    assert entry.data["created"] == 1
    assert entry.data["unchanged"] == 2
    assert len(entry.data["sha256"]) == 64


def test_xlsx_input_is_accepted(world: World, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    for row in ROWS:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in row.split(",")])
    path = tmp_path / "skm.xlsx"
    workbook.save(path)
    assert _import(path).startswith("dibuat 8,")
    assert _report(tmp_path).read_text().replace("\r\n", "\n") == EXPECTED


def test_invalid_rows_write_nothing_and_report_every_problem(world: World, tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        "9.99,Penerbitan KTP-el,2026-10-01,4,4,4,4,4,4,4,4,4,,",
        "1.01,Penerbitan KTP-el,2026-13-01,5,4,4,4,4,4,4,4,0,X,200",
        "1.01,,2026-10-01,4,4,4,4,4,4,4,4,x,,",
    ]
    path = _write(tmp_path, rows)
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_skm", str(path), tenant="sofifi", stderr=err)
    assert exc.value.returncode == 2
    lines = err.getvalue().splitlines()
    prefix = f"{path}:"
    assert f"{prefix}3:kode_unit: unit tidak dikenal" in lines
    assert any(line.startswith(f"{prefix}4:tanggal: ") for line in lines)
    assert f"{prefix}4:u1: nilai harus 1, 2, 3 atau 4" in lines
    assert f"{prefix}4:u9: nilai harus 1, 2, 3 atau 4" in lines
    assert f"{prefix}4:jenis_kelamin: harus L atau P" in lines
    assert any(line.startswith(f"{prefix}4:usia: ") for line in lines)
    assert f"{prefix}5:layanan: wajib diisi" in lines
    assert f"{prefix}5:u9: nilai harus 1, 2, 3 atau 4" in lines
    assert SkmResponse.objects.count() == 0
    assert SkmService.objects.count() == 0


def test_missing_and_unknown_columns_are_errors(world: World, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("kode_unit,layanan,tanggal,u1,warna\n1.01,A,2026-10-01,4,merah\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_skm", str(path), tenant="sofifi", stderr=err)
    assert f"{path}:1:u9: kolom wajib tidak ada" in err.getvalue().splitlines()
    assert f"{path}:1:warna: kolom tidak dikenal" in err.getvalue().splitlines()


def test_report_with_no_responses_writes_only_the_header(world: World, tmp_path: Path) -> None:
    output = _report(tmp_path)
    assert output.read_text().splitlines() == [EXPECTED.splitlines()[0]]


def test_report_rejects_bad_dates(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as exc:
        call_command(
            "skm_report", tenant="sofifi", date_from="2026-10-31", date_to="2026-10-01",
            output=str(tmp_path / "x.csv"),
        )  # fmt: skip
    assert exc.value.returncode == 2


def test_units_are_ordered_by_code_and_star_rows_close_their_group(
    world: World, tmp_path: Path
) -> None:
    UnitFactory(tenant=world.tenant, code="0.99", name="Kecamatan")
    _import(
        _write(
            tmp_path,
            [
                "1.02,B,2026-10-01,4,4,4,4,4,4,4,4,4,,",
                "1.02,A,2026-10-01,4,4,4,4,4,4,4,4,4,,",
                "0.99,Z,2026-10-01,4,4,4,4,4,4,4,4,4,,",
            ],
        )
    )
    lines = _report(tmp_path).read_text().splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["0.99", "Z"], ["0.99", "*"], ["1.02", "A"], ["1.02", "B"], ["1.02", "*"], ["*", "*"],
    ]  # fmt: skip
