"""`pamong tpp run|export` and `pamong import tpp budget`: outputs and exit statuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tests.tpp.conftest import TppWorld


def test_export_xlsx_has_the_same_rows_as_csv(tpp: TppWorld, tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "o.csv", tmp_path / "o.xlsx"
    for path in (csv_path, xlsx_path):
        call_command("tpp_export", "--tenant", "sofifi", "--period", "2026-10", "--output", path)
    sheet = load_workbook(io.BytesIO(xlsx_path.read_bytes())).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [line.split(",") for line in csv_path.read_text().splitlines()]
    assert isinstance(sheet.cell(2, 9).value, int)  # money stays a number in Excel


@pytest.mark.parametrize(
    "args",
    [
        ["tpp_export", "--period", "2026-11", "--output", "x.csv"],  # no run for the month
        ["tpp_export", "--period", "2026-10", "--output", "x.pdf"],
        ["tpp_run", "--period", "oktober"],
        ["tpp_run", "--period", "2026-10", "--adjustment"],  # the month is not approved
    ],
)
def test_bad_requests_exit_with_status_2(tpp: TppWorld, args: list[str]) -> None:
    with pytest.raises(CommandError) as info:
        call_command(*args, "--tenant", "sofifi")
    assert info.value.returncode == 2


def test_budget_command(tpp: TppWorld, tmp_path: Path) -> None:
    path = tmp_path / "pagu.csv"
    path.write_text("kode_unit,tahun,pagu\n1.01,2026,1200000000\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_tpp_budget", "--tenant", "sofifi", str(path), stdout=out)
    assert "anggaran: dibuat 1" in out.getvalue()
