"""`pamong selection load --kind pppk` and `pamong selection rank` on the PPPK example:
byte for byte, exit 2 with FILE:ROW:COLUMN on errors, idempotent, --reason after the
announcement."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from pamong.core.actor import cli_actor
from pamong.core.models import AuditLog, Tenant
from pamong.recruitment.models import Candidate, Selection
from pamong.recruitment.services import selection_announce
from tests.recruitment.test_cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "formats" / "example-pppk"


@pytest.fixture
def contoh(db: None) -> None:
    call_command("tenant_create", slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")


def _load(peserta: Path = EXAMPLE / "peserta.csv", *extra: str) -> None:
    main(
        [
            "selection", "load", "--tenant", "contoh", "--selection", "PPPK1", "--kind", "pppk",
            "--formasi", str(EXAMPLE / "formasi.csv"), "--peserta", str(peserta),
            "--bobot", str(EXAMPLE / "bobot.csv"), *extra,
        ]
    )  # fmt: skip


def test_example_byte_for_byte_and_idempotent(
    contoh: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _load()
    audits = AuditLog.objects.count()
    _load()
    assert "seleksi PPPK1 tidak berubah" in capsys.readouterr().out
    assert AuditLog.objects.count() == audits
    out = tmp_path / "out.csv"
    main(["selection", "rank", "--tenant", "contoh", "--selection", "PPPK1", "--output", str(out)])
    assert out.read_bytes() == (EXAMPLE / "expected-ranking.csv").read_bytes()


def test_errors_exit_2_and_reason_after_the_announcement(
    contoh: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "peserta.csv"
    bad.write_text(
        (EXAMPLE / "peserta.csv")
        .read_text()
        .replace("P002,Budi,1988-02-10", "P002,Budi,1988-02-30")
    )
    with pytest.raises(SystemExit) as exc:
        _load(bad)
    assert exc.value.code == 2
    assert f"{bad}:3:tanggal_lahir:" in capsys.readouterr().err
    assert not Selection.objects.exists()
    with pytest.raises(SystemExit):  # PPPK needs --bobot, not --skb
        main(["selection", "load", "--tenant", "contoh", "--selection", "X", "--kind", "pppk",
              "--formasi", "f", "--peserta", "p", "--skb", "s"])  # fmt: skip
    _load()
    tenant = Tenant.objects.get(slug="contoh")
    selection_announce(actor=cli_actor(tenant), selection=Selection.objects.get(code="PPPK1"))
    changed = tmp_path / "changed.csv"
    changed.write_text(
        (EXAMPLE / "peserta.csv").read_text().replace("K01,82.00,290", "K01,82.00,310")
    )
    with pytest.raises(SystemExit):
        _load(changed)
    assert "alasan perubahan wajib" in capsys.readouterr().err
    _load(changed, "--reason", "koreksi panitia")
    gita = Candidate.objects.get(no_peserta="P007")
    assert (gita.rank, gita.status) == (1, "L")
    entry = AuditLog.objects.get(action="recruitment.candidate.changed")
    assert entry.data["reason"] == "koreksi panitia"
