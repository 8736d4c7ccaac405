"""PPPK on the web and the API: upload (index and the selection page's reload), the selection,
line and candidate pages, the CSV, manual entry and correction (CASN and PPPK) with its
permission, tenant isolation, reasons after the announcement and audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.core.actor import actor_for_user
from pamong.core.models import AuditLog
from pamong.recruitment.models import Candidate, Selection, SkbScore
from pamong.recruitment.services import selection_announce, selection_load
from pamong.recruitment.services_pppk import pppk_load
from tests.conftest import World
from tests.recruitment.worked import FORMASI, PESERTA, SKB

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "formats" / "example-pppk"


def _files(**replace: str) -> dict[str, SimpleUploadedFile]:
    out = {}
    for name in ("formasi", "peserta", "bobot"):
        text = replace.get(name) or (EXAMPLE / f"{name}.csv").read_text()
        out[name] = SimpleUploadedFile(f"{name}.csv", text.encode())
    return out


@pytest.fixture
def pppk(world: World) -> Selection:
    return pppk_load(
        actor=actor_for_user(world.admin_user),
        code="PPPK1",
        formasi=EXAMPLE / "formasi.csv",
        peserta=EXAMPLE / "peserta.csv",
        bobot=EXAMPLE / "bobot.csv",
    ).selection


def _entry(**values: str) -> dict[str, str]:
    data = {
        "no_peserta": "P100",
        "name": "Hana",
        "birth_date": "1994-04-04",
        "line": "G01",
        "education": "3.90",
        "teknis": "450",
        "manajerial": "140",
        "sosial_kultural": "130",
        "wawancara": "35",
        "reason": "",
    }
    data.update(values)
    return data


def test_upload_pppk_on_the_index_page(world: World) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("recruitment:upload")
    response = client.post(url, {"code": "PPPK1", "kind": "PPPK", **_files()})
    assert response.status_code == 302
    selection = Selection.objects.get(code="PPPK1")
    assert selection.kind == "PPPK" and selection.candidates.count() == 7
    missing = client.post(
        url, {"code": "X", "kind": "PPPK", **{k: v for k, v in _files().items() if k != "bobot"}}
    )
    assert (
        missing.status_code == 400 and "Wajib untuk jenis seleksi ini" in missing.content.decode()
    )


def test_reload_errors_show_on_the_selection_page(world: World, pppk: Selection) -> None:
    bad = (EXAMPLE / "bobot.csv").read_text().replace("teknis,50.5", "teknis,51")
    response = world.client_for(world.admin_user).post(
        reverse("recruitment:upload"),
        {"code": "PPPK1", "kind": "PPPK", "selection_page": str(pppk.pk), **_files(bobot=bad)},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "bobot.csv:5:bobot: jumlah bobot harus tepat 100, bukan 100.5" in page
    assert 'id="reload-h"' in page


def test_pages_show_weights_components_reasons_and_csv(world: World, pppk: Selection) -> None:
    client = world.client_for(world.admin_user)
    page = client.get(reverse("recruitment:selection", args=[pppk.pk])).content.decode()
    # Indonesian number format on the page (decimal comma)
    assert "Bobot komponen PPPK" in page and "50,50" in page and "130,00" in page
    line = pppk.lines.get(code="G01")
    line_page = client.get(reverse("recruitment:line", args=[pppk.pk, line.pk])).content.decode()
    assert "Kompetensi teknis" in line_page and "246,450" in line_page
    assert "kalah pada nilai pendidikan" in line_page and "TWK" not in line_page
    csv = client.get(reverse("recruitment:ranking-csv", args=[pppk.pk])).content
    assert csv == (EXAMPLE / "expected-ranking.csv").read_bytes()
    citra = Candidate.objects.get(no_peserta="P003")
    cand = client.get(reverse("recruitment:candidate", args=[citra.pk])).content.decode()
    assert "Kompetensi sosial-kultural" in cand and "?edit=P003#entry" in cand
    edit = client.get(reverse("recruitment:selection", args=[pppk.pk]) + "?edit=P003")
    assert 'value="380.00"' in edit.content.decode()


def test_manual_entry_adds_and_corrects_through_the_one_write_path(
    world: World, pppk: Selection
) -> None:
    client = world.client_for(world.admin_user)
    url = reverse("recruitment:candidate-entry", args=[pppk.pk])
    assert client.post(url, _entry()).status_code == 302
    hana = Candidate.objects.get(selection=pppk, no_peserta="P100")
    assert (hana.rank, hana.status) == (1, "L")
    created = AuditLog.objects.get(action="recruitment.candidate.created")
    assert created.after["scores"]["teknis"] == "450"
    assert client.post(url, _entry()).status_code == 302  # same data: nothing written
    assert not AuditLog.objects.filter(action="recruitment.candidate.changed").exists()
    bad = client.post(url, _entry(line="Z9", teknis="1000"))
    assert bad.status_code == 400
    selection_announce(actor=actor_for_user(world.admin_user), selection=pppk)
    refused = client.post(url, _entry(wawancara=""))
    assert refused.status_code == 400 and "alasan perubahan wajib" in refused.content.decode()
    assert client.post(url, _entry(wawancara="", reason="tidak hadir wawancara")).status_code == 302
    hana.refresh_from_db()
    assert (hana.rank, hana.status) == (None, "TH")
    changed = AuditLog.objects.get(action="recruitment.candidate.changed")
    assert changed.data["reason"] == "tidak hadir wawancara"
    assert changed.before["status"] == "L" and changed.after["status"] == "TH"


def test_manual_entry_takes_every_score_a_file_may_load(world: World, pppk: Selection) -> None:
    """A file loads up to 999.99 per component, so the form must keep such a score when a
    candidate is corrected by hand (it stopped at 999 before)."""
    from decimal import Decimal

    from pamong.recruitment.models import PppkScore

    client = world.client_for(world.admin_user)
    url = reverse("recruitment:candidate-entry", args=[pppk.pk])
    assert client.post(url, _entry(no_peserta="P101", teknis="999.99")).status_code == 302
    score = PppkScore.objects.get(candidate__no_peserta="P101", component="teknis")
    assert score.nilai == Decimal("999.99")
    assert client.post(url, _entry(no_peserta="P102", teknis="1000.00")).status_code == 400
    assert not Candidate.objects.filter(selection=pppk, no_peserta="P102").exists()


def test_manual_entry_of_a_casn_candidate(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    sel = selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    ).selection
    client = world.client_for(world.admin_user)
    url = reverse("recruitment:candidate-entry", args=[sel.pk])
    data = {
        "no_peserta": "W900", "name": "Baru", "birth_date": "1990-01-01", "line": "W1",
        "education": "3.50", "twk": "150", "tiu": "175", "tkp": "225",
        "skb": "cat=100;wawancara=100", "reason": "",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    w900 = Candidate.objects.get(selection=sel, no_peserta="W900")
    assert (w900.skd_total, w900.rank, w900.status) == (550, 1, "L")
    assert SkbScore.objects.filter(candidate=w900, nilai=100).count() == 2
    wrong = client.post(url, {**data, "skb": "cat=80;tpa=70"})
    assert wrong.status_code == 400 and "komponen tpa tidak dikenal" in wrong.content.decode()
    # NaN and Infinity parse as Decimals but are no score: refused in place, not a 500.
    for odd in ("NaN", "sNaN", "Infinity", "-inf"):
        refused = client.post(url, {**data, "skb": f"cat={odd};wawancara=100"})
        assert refused.status_code == 400, odd
        assert "komponen=nilai" in refused.content.decode()
    w900.refresh_from_db()
    assert w900.status == "L"


def test_entry_permission_and_tenant_isolation(world: World, pppk: Selection) -> None:
    url = reverse("recruitment:candidate-entry", args=[pppk.pk])
    assert world.client_for(world.auditor_user).post(url, _entry()).status_code == 403
    assert world.client_for(world.employee_user).post(url, _entry()).status_code == 403
    assert world.client_for(world.other_admin_user).post(url, _entry()).status_code == 404
    assert not Candidate.objects.filter(no_peserta="P100").exists()
    page = world.client_for(world.auditor_user).get(
        reverse("recruitment:selection", args=[pppk.pk])
    )
    assert page.status_code == 200 and 'id="entry-h"' not in page.content.decode()


def test_api_shows_kind_weights_and_scores_and_takes_the_pppk_upload(world: World) -> None:
    admin = world.client_for(world.admin_user)
    url = reverse("api:recruitment:selections")
    body = admin.post(url, {"code": "PPPK1", "kind": "PPPK", **_files()}).json()
    assert body["kind"] == "PPPK" and body["changed"] is True
    assert [w["component"] for w in body["pppk_weights"]] == [
        "teknis", "manajerial", "sosial_kultural", "wawancara",
    ]  # fmt: skip
    assert body["pppk_weights"][0]["weight"] == "50.50"
    again = admin.post(url, {"code": "PPPK1", "kind": "PPPK", **_files()}).json()
    assert again["changed"] is False
    line = Selection.objects.get(code="PPPK1").lines.get(code="G01")
    rows = admin.get(reverse("api:recruitment:ranking", args=[body["id"], line.pk])).json()
    assert rows[0]["pppk_scores"]["teknis"] == "400.00"
    assert rows[1]["reason_above"].endswith("kalah pada nilai pendidikan (IPK)")
    listing = admin.get(url).json()
    assert listing[0]["kind"] == "PPPK"
    other = world.client_for(world.other_admin_user)
    assert other.get(reverse("api:recruitment:selection", args=[body["id"]])).status_code == 404
