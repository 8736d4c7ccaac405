"""`pamong selection load|rank` on the public example (docs/formats/example-selection):
byte for byte, all-or-nothing errors with exit 2, idempotent re-import, announcement lock."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pamong.cli import resolve_command
from pamong.core.actor import cli_actor
from pamong.core.models import AuditLog
from pamong.recruitment.models import Candidate, Selection, SkbScore
from pamong.recruitment.services import selection_announce
from tests.examples import SELECTION_EXAMPLE

EXAMPLE = SELECTION_EXAMPLE


def _files(folder: Path = EXAMPLE) -> list[str]:
    return [
        "--formasi", str(folder / "formasi.csv"),
        "--peserta", str(folder / "peserta.csv"),
        "--skb", str(folder / "skb.csv"),
    ]  # fmt: skip


@pytest.fixture
def contoh(db: None) -> None:
    call_command("tenant_create", slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")


def main(argv: list[str]) -> None:
    """`pamong <words> ...` in this process: the CLI's word joining and argument parsing.
    (pamong.cli.main itself closes the database connections when done, which would end the
    test's transaction on PostgreSQL; test_real_cli_in_a_subprocess runs the real thing.)"""
    name, *rest = resolve_command(argv, set(get_commands()))
    try:
        call_command(name, *rest)
    except CommandError as exc:
        raise SystemExit(exc.returncode) from exc


def _load(*extra: str, folder: Path = EXAMPLE) -> None:
    main(
        ["selection", "load", "--tenant", "contoh", "--selection", "SEL5", *_files(folder), *extra]
    )


def test_example_through_the_cli_byte_for_byte(contoh: None, tmp_path: Path) -> None:
    _load()
    out = tmp_path / "out.csv"
    main(["selection", "rank", "--tenant", "contoh", "--selection", "SEL5", "--output", str(out)])
    assert out.read_bytes() == (EXAMPLE / "expected-ranking.csv").read_bytes()


def test_xlsx_output_has_the_same_cells(contoh: None, tmp_path: Path) -> None:
    _load()
    out = tmp_path / "out.xlsx"
    main(["selection", "rank", "--tenant", "contoh", "--selection", "SEL5", "--output", str(out)])
    sheet = load_workbook(io.BytesIO(out.read_bytes())).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    expected = (EXAMPLE / "expected-ranking.csv").read_text().splitlines()
    assert [",".join(r) for r in rows] == expected


def test_reimport_changes_nothing(contoh: None, capsys: pytest.CaptureFixture[str]) -> None:
    _load()
    ids = sorted(Candidate.objects.values_list("id", "rank", "status"))
    marks = SkbScore.objects.count()
    audits = AuditLog.objects.count()
    _load()
    assert "tidak berubah" in capsys.readouterr().out
    assert sorted(Candidate.objects.values_list("id", "rank", "status")) == ids
    assert SkbScore.objects.count() == marks
    assert AuditLog.objects.count() == audits


def test_load_warns_about_skb_rows_of_candidates_not_invited(
    contoh: None, capsys: pytest.CaptureFixture[str]
) -> None:
    _load()
    err = capsys.readouterr().err
    # 00500016 fails the passing grade (TMS) yet has SKB rows in the example; 00500011 has none
    assert "00500016" in err and "diabaikan" in err
    assert "00500011" not in err


def _write(folder: Path, formasi: str, peserta: str, skb: str) -> None:
    (folder / "formasi.csv").write_text(formasi)
    (folder / "peserta.csv").write_text(peserta)
    (folder / "skb.csv").write_text(skb)


FORMASI = "kode_formasi,jabatan,jalur,kuota,bobot_skb\nA1,Analis,umum,1,cat=60;wawancara=40\n"
PESERTA_HEAD = "no_peserta,nama,tanggal_lahir,kode_formasi,twk,tiu,tkp,nilai_pendidikan\n"
SKB_HEAD = "no_peserta,komponen,nilai\n"


ONE = "1,A,1990-01-01,A1,65,80,170,3.5\n"


def _p(row: str = ONE) -> str:
    return PESERTA_HEAD + row


F, P, S = FORMASI, _p(), SKB_HEAD


@pytest.mark.parametrize(
    ("formasi", "peserta", "skb", "problem"),
    [
        (F.replace("umum", "khusus"), P, S, "formasi.csv:2:jalur:"),
        (F.replace("=40", "=30"), P, S, "formasi.csv:2:bobot_skb:"),
        (F.replace(",1,", ",0,"), P, S, "formasi.csv:2:kuota:"),
        (F, _p(ONE.replace("01-01", "02-30")), S, "peserta.csv:2:tanggal_lahir:"),
        (F, _p(ONE.replace("A1", "B9")), S, "peserta.csv:2:kode_formasi:"),
        (F, _p(ONE.replace(",65,", ",155,")), S, "peserta.csv:2:twk:"),
        (F, _p(ONE.replace(",80,", ",80.5,")), S, "peserta.csv:2:tiu:"),
        (F, _p(ONE.replace("3.5", "3.505")), S, "peserta.csv:2:nilai_pendidikan:"),
        (F, _p(ONE * 2), S, "peserta.csv:3:no_peserta:"),
        (F, P, S + "1,cat,70\n", "skb.csv:2:komponen:"),
        (F, P, S + "1,tpa,70\n", "skb.csv:2:komponen:"),
        (F, P, S + "2,cat,70\n", "skb.csv:2:no_peserta:"),
        (F, P, S + "1,cat,100.5\n1,wawancara,1\n", "skb.csv:2:nilai:"),
        (F, P, "no_peserta,nilai\n", "skb.csv:1:komponen:"),
    ],
)
def test_bad_files_exit_2_with_file_row_column_and_write_nothing(
    contoh: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    formasi: str,
    peserta: str,
    skb: str,
    problem: str,
) -> None:
    _write(tmp_path, formasi, peserta, skb)
    with pytest.raises(SystemExit) as info:
        _load(folder=tmp_path)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert str(tmp_path / problem.split(":")[0]) + ":" + problem.split(":", 1)[1] in err
    assert not Selection.objects.exists()


def test_announced_selection_refuses_other_data_but_accepts_the_same(
    contoh: None, tmp_path: Path
) -> None:
    _load()
    selection = Selection.objects.get(code="SEL5")
    selection_announce(actor=cli_actor(selection.tenant), selection=selection)
    _load()  # the same files: nothing to change, no refusal
    _write(
        tmp_path,
        FORMASI,
        PESERTA_HEAD + "1,A,1990-01-01,A1,65,80,170,3.5\n",
        SKB_HEAD,
    )
    with pytest.raises(SystemExit) as info:
        _load(folder=tmp_path)
    assert info.value.code == 2
    assert Candidate.objects.filter(selection=selection).count() == 95


def test_rank_of_an_unknown_selection_or_bad_suffix_exits_2(contoh: None) -> None:
    for args in (
        ["--selection", "NOPE", "--output", "x.csv"],
        ["--selection", "SEL5", "--output", "x.pdf"],
    ):
        with pytest.raises(CommandError) as info:
            call_command("selection_rank", "--tenant", "contoh", *args)
        assert info.value.returncode == 2


def test_real_cli_in_a_subprocess(tmp_path: Path) -> None:
    """The sequence of docs/formats.md (worked selection) with the installed `pamong` on SQLite."""
    pamong = Path(sys.executable).with_name("pamong")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(PAMONG_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'sel.sqlite3'}")
    out = tmp_path / "out.csv"
    steps = [
        ["migrate", "-v", "0"],
        ["tenant", "create", "--slug", "contoh", "--name", "Kota Contoh",
         "--timezone", "Asia/Makassar"],
        ["selection", "load", "--tenant", "contoh", "--selection", "SEL5", *_files()],
        ["selection", "rank", "--tenant", "contoh", "--selection", "SEL5", "--output", str(out)],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(
            [str(pamong), *step], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, (step, done.stderr[-2000:])
    assert out.read_bytes() == (EXAMPLE / "expected-ranking.csv").read_bytes()
    bad = subprocess.run(
        [str(pamong), "selection", "load", "--tenant", "contoh", "--selection", "X",
         "--formasi", str(EXAMPLE / "peserta.csv"), "--peserta", str(EXAMPLE / "peserta.csv"),
         "--skb", str(EXAMPLE / "skb.csv")],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "peserta.csv:1:jalur: kolom wajib tidak ada" in bad.stderr
