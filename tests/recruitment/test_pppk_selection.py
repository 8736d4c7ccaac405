"""PPPK selections end to end: the loader (all-or-nothing, FILE:ROW:COLUMN, idempotent,
reasons after the announcement), the stored ranking against an independent calculation
written from the rules (Fraction, not the code), permutation invariance, the CLI example."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.recruitment.models import Candidate, PppkScore, PppkWeight, Selection
from pamong.recruitment.results_pppk import pppk_csv, pppk_results
from pamong.recruitment.services import selection_announce, selection_load
from pamong.recruitment.services_pppk import pppk_load
from tests.conftest import World
from tests.recruitment.worked import FORMASI, PESERTA, SKB

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "formats" / "example-pppk"
COMPONENTS = ["teknis", "manajerial", "sosial_kultural", "wawancara"]
HEADER = "no_peserta,nama,tanggal_lahir,kode_formasi,nilai_pendidikan," + ",".join(COMPONENTS)


def _load(world: World, formasi: str, peserta: str, bobot: str, **kw: object):  # type: ignore[no-untyped-def]
    return pppk_load(
        actor=actor_for_user(world.admin_user),
        code=str(kw.pop("code", "P")),
        formasi=formasi.encode(),
        peserta=peserta.encode(),
        bobot=bobot.encode(),
        **kw,  # type: ignore[arg-type]
    )


def _example(name: str) -> str:
    return (EXAMPLE / name).read_text()


# --- the independent calculation -----------------------------------------------------------


def _half_up_3(x: Fraction) -> str:
    """x ≥ 0 rounded half-up to 3 decimals, printed with 3 decimals (integer arithmetic)."""
    thousandths = (x * 1000 * 2 + 1) // 2  # floor(x·1000 + ½)
    return f"{thousandths // 1000}.{thousandths % 1000:03d}"


def expected(
    lines: dict[str, int],
    weights: dict[str, tuple[Fraction, Fraction | None]],
    people: list[dict[str, object]],
) -> list[tuple[str, str, str, str, str]]:
    """(line, no, final, rank, status) from the rules in docs/formats/selection.md: a missing
    component is TH, any component below its minimum TMS; final = Σ w × nilai / 100; order by
    final, teknis, manajerial, sosial-kultural, wawancara, education (higher first), birth
    date (older first), no_peserta; the first kuota pass. Others follow by no_peserta."""
    out = []
    for code in sorted(lines):
        ranked, others = [], []
        for p in (p for p in people if p["line"] == code):
            s: dict[str, Fraction] = p["scores"]  # type: ignore[assignment]
            if any(c not in s for c in COMPONENTS):
                others.append((p["no"], "TH"))
            elif any(m is not None and s[c] < m for c, (_w, m) in weights.items()):
                others.append((p["no"], "TMS"))
            else:
                final = sum(weights[c][0] * s[c] for c in COMPONENTS) / 100
                key = (-final, *(-s[c] for c in COMPONENTS), -p["edu"], p["born"], p["no"])  # type: ignore[operator]
                ranked.append((key, p["no"], final))
        ranked.sort()
        for i, (_k, no, final) in enumerate(ranked, start=1):
            out.append((code, no, _half_up_3(final), str(i), "L" if i <= lines[code] else "TL"))
        for no, status in sorted(others):  # type: ignore[type-var]
            out.append((code, no, "", "", status))
    return out  # type: ignore[return-value]


def _random_selection(rng: random.Random) -> tuple[str, str, str, dict, dict, list]:  # type: ignore[type-arg]
    lines = {f"L{i}": rng.randint(1, 4) for i in range(rng.randint(1, 3))}
    cents = sorted(rng.sample(range(1, 10000), 3))
    parts = [a - b for a, b in zip([*cents, 10000], [0, *cents], strict=True)]
    weights: dict[str, tuple[Fraction, Fraction | None]] = {}
    for c, hundredths in zip(COMPONENTS, parts, strict=True):
        minimum = Fraction(rng.choice([0, 20, 40]) * 100 + rng.randint(0, 99), 100)
        weights[c] = (Fraction(hundredths, 100), minimum if rng.random() < 0.3 else None)
    pool = [Fraction(rng.randint(0, 9999), 100) for _ in range(6)]  # few values: many ties
    people = []
    for i in range(rng.randint(5, 30)):
        scores = {c: rng.choice(pool) for c in COMPONENTS if rng.random() > 0.07}
        people.append(
            {
                "no": f"N{rng.randint(0, 99):02d}{i:03d}",
                "name": f"Peserta {i}",
                "born": dt.date(1990, 1, 1) + dt.timedelta(days=rng.choice([0, 1, 400])),
                "line": rng.choice(sorted(lines)),
                "edu": Fraction(rng.choice([300, 350, 400]), 100),
                "scores": scores,
            }
        )

    def dec(f: Fraction) -> str:
        return str(Decimal(f.numerator) / Decimal(f.denominator))

    formasi = "kode_formasi,jabatan,kuota\n" + "".join(
        f"{c},Jabatan {c},{k}\n" for c, k in lines.items()
    )
    bobot = "komponen,bobot,nilai_minimum\n" + "".join(
        f"{c},{dec(w)},{'' if m is None else dec(m)}\n" for c, (w, m) in weights.items()
    )
    peserta = HEADER + "\n"
    for p in people:
        s = p["scores"]
        cells = [dec(s[c]) if c in s else "" for c in COMPONENTS]  # type: ignore[operator]
        peserta += f"{p['no']},{p['name']},{p['born']},{p['line']},{dec(p['edu'])},"  # type: ignore[arg-type]
        peserta += ",".join(cells) + "\n"
    return formasi, peserta, bobot, lines, weights, people


def _s(value: object) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("seed", range(6))
def test_ranking_matches_an_independent_calculation(world: World, seed: int) -> None:
    rng = random.Random(seed)
    formasi, peserta, bobot, lines, weights, people = _random_selection(rng)
    selection = _load(world, formasi, peserta, bobot, code=f"R{seed}").selection
    want = expected(lines, weights, people)
    got = [
        (r.applicant.line_code, r.applicant.no_peserta, _s(r.final), _s(r.rank), r.status)
        for r in pppk_results(selection)
    ]
    assert got == want
    stored = {
        c.no_peserta: (_s(c.final_score), _s(c.rank), c.status)
        for c in Candidate.objects.filter(selection=selection)
    }
    assert stored == {no: (f, r, s) for _l, no, f, r, s in want}


@pytest.mark.parametrize("seed", range(3))
def test_row_order_of_the_files_does_not_matter(world: World, seed: int) -> None:
    rng = random.Random(100 + seed)
    formasi, peserta, bobot, *_rest = _random_selection(rng)
    first = _load(world, formasi, peserta, bobot, code="A").selection
    head, *rows = peserta.splitlines()
    rng.shuffle(rows)
    b_head, *b_rows = bobot.splitlines()
    rng.shuffle(b_rows)
    shuffled = "\n".join([head, *rows]) + "\n"
    second = _load(world, formasi, shuffled, "\n".join([b_head, *b_rows]) + "\n", code="B")
    assert pppk_csv(pppk_results(first)) == pppk_csv(pppk_results(second.selection))


def test_weights_of_two_decimals_are_exact(world: World) -> None:
    # 33.33 + 33.33 + 33.34 + 0: 70.01 × 33.33 + 70.02 × 33.33 + 70.03 × 33.34 = 7002.0001 → /100
    bobot = "komponen,bobot\nteknis,33.33\nmanajerial,33.33\nsosial_kultural,33.34\nwawancara,0\n"
    peserta = HEADER + "\nX1,A,1990-01-01,G01,3,70.01,70.02,70.03,0\n"
    selection = _load(world, _example("formasi.csv"), peserta, bobot).selection
    (r,) = [r for r in pppk_results(selection) if r.rank]
    assert r.final_exact == Decimal("70.020001") and str(r.final) == "70.020"


# --- loader: errors, all-or-nothing, idempotence, announcement ------------------------------


def test_errors_name_file_row_column_and_nothing_is_written(world: World) -> None:
    peserta = _example("peserta.csv").replace(
        "P003,Citra,1992-07-12,G01,3.80,380", "P003,Citra,1992-07-12,G09,3.80,38x"
    )
    peserta = peserta.replace(
        "P006,Fajar,1985-09-09,K01,80.50,300,100", "P006,Fajar,1985-09-09,K01,80.50,300,100.125"
    )
    bobot = _example("bobot.csv").replace("manajerial,20,", "manajerial,19.5,")
    with pytest.raises(InputErrors) as exc:
        _load(world, _example("formasi.csv"), peserta, bobot)
    lines = exc.value.lines()
    assert "peserta.csv:4:kode_formasi: formasi G09 tidak ada" in lines
    assert any(line.startswith("peserta.csv:4:teknis: harus angka") for line in lines)
    assert any(line.startswith("peserta.csv:7:manajerial: harus angka") for line in lines)
    assert "bobot.csv:5:bobot: jumlah bobot harus tepat 100, bukan 99.5" in lines
    assert not Selection.objects.exists() and not PppkScore.objects.exists()


def test_bobot_needs_each_component_once(world: World) -> None:
    bobot = "komponen,bobot\nteknis,50\nteknis,50\nbahasa,0\n"
    with pytest.raises(InputErrors) as exc:
        _load(world, _example("formasi.csv"), _example("peserta.csv"), bobot)
    assert "bobot.csv:3:komponen: komponen teknis disebut dua kali" in exc.value.lines()
    assert any(
        line.startswith("bobot.csv:4:komponen: harus salah satu dari") for line in exc.value.lines()
    )


def test_same_files_again_change_nothing(world: World) -> None:
    files = (_example("formasi.csv"), _example("peserta.csv"), _example("bobot.csv"))
    first = _load(world, *files)
    assert first.changed and first.candidates == 7
    rows = sorted(Candidate.objects.values_list("id", "rank", "status", "final_score"))
    audits, weights = (
        AuditLog.objects.count(),
        list(PppkWeight.objects.values_list("id", flat=True)),
    )
    again = _load(world, *files)
    assert again.changed is False
    assert sorted(Candidate.objects.values_list("id", "rank", "status", "final_score")) == rows
    assert AuditLog.objects.count() == audits
    assert list(PppkWeight.objects.values_list("id", flat=True)) == weights


def test_changed_score_before_and_after_the_announcement(world: World) -> None:
    formasi, bobot = _example("formasi.csv"), _example("bobot.csv")
    selection = _load(world, formasi, _example("peserta.csv"), bobot).selection
    # Citra's teknis 380 -> 420: now first of G01
    better = _example("peserta.csv").replace("G01,3.80,380", "G01,3.80,420")
    outcome = _load(world, formasi, better, bobot)
    assert outcome.written and outcome.written.updated == 1 and outcome.written.created == 0
    citra = Candidate.objects.get(no_peserta="P003")
    assert (citra.rank, citra.status) == (1, "L")
    entry = AuditLog.objects.filter(action="recruitment.candidate.changed").get()
    assert entry.before["scores"]["teknis"] == "380.00" and entry.after["rank"] == 1
    selection_announce(actor=actor_for_user(world.admin_user), selection=selection)
    worse = better.replace("G01,3.80,420", "G01,3.80,370")
    with pytest.raises(InputErrors) as exc:
        _load(world, formasi, worse, bobot)
    assert "alasan perubahan wajib" in exc.value.lines()[0]
    assert Candidate.objects.get(no_peserta="P003").rank == 1
    _load(world, formasi, worse, bobot, reason="salah ketik nilai teknis")
    last = AuditLog.objects.filter(action="recruitment.candidate.changed").latest("id")
    assert last.data["reason"] == "salah ketik nilai teknis" and last.data["announced"] is True
    assert Candidate.objects.get(no_peserta="P003").status == "TL"
    # after the announcement: no new weights, no removed candidates
    with pytest.raises(InputErrors) as exc:
        _load(
            world,
            formasi,
            worse,
            bobot.replace("teknis,50.5", "teknis,50.6").replace("wawancara,15,", "wawancara,14.9,"),
            reason="x",
        )
    assert "bobotnya tidak bisa diganti" in exc.value.lines()[0]
    fewer = "\n".join(line for line in worse.splitlines() if not line.startswith("P007")) + "\n"
    with pytest.raises(InputErrors) as exc:
        _load(world, formasi, fewer, bobot, reason="x")
    assert "P007" in exc.value.lines()[0]


def test_a_casn_selection_code_is_not_overwritten(world: World) -> None:
    actor = actor_for_user(world.admin_user)
    selection_load(
        actor=actor, code="W", formasi=FORMASI.encode(), peserta=PESERTA.encode(), skb=SKB.encode()
    )
    with pytest.raises(InputErrors) as exc:
        _load(
            world, _example("formasi.csv"), _example("peserta.csv"), _example("bobot.csv"), code="W"
        )
    assert "seleksi CASN" in exc.value.lines()[0]
    assert Selection.objects.get(code="W").kind == "CASN"


def test_a_pppk_selection_code_is_not_overwritten_by_casn_files(world: World) -> None:
    _load(world, _example("formasi.csv"), _example("peserta.csv"), _example("bobot.csv"), code="W")
    scores = PppkScore.objects.filter(candidate__selection__code="W").count()
    with pytest.raises(InputErrors) as exc:
        selection_load(
            actor=actor_for_user(world.admin_user),
            code="W",
            formasi=FORMASI.encode(),
            peserta=PESERTA.encode(),
            skb=SKB.encode(),
        )
    assert "seleksi PPPK" in exc.value.lines()[0]
    assert Selection.objects.get(code="W").kind == "PPPK"
    assert PppkScore.objects.filter(candidate__selection__code="W").count() == scores > 0


def test_replacing_before_the_announcement_moves_and_removes(world: World) -> None:
    bobot = _example("bobot.csv")
    _load(world, _example("formasi.csv"), _example("peserta.csv"), bobot)
    formasi = "kode_formasi,jabatan,kuota\nG01,Guru Ahli Pertama - Matematika,3\n"
    peserta = (
        "\n".join(
            line.replace(",K01,", ",G01,")
            for line in _example("peserta.csv").splitlines()
            if "P007" not in line
        )
        + "\n"
    )
    outcome = _load(world, formasi, peserta, bobot)
    assert outcome.written and (outcome.written.deleted, outcome.written.updated) == (1, 1)
    selection = Selection.objects.get(code="P")
    assert list(selection.lines.values_list("code", flat=True)) == ["G01"]
    assert Candidate.objects.get(no_peserta="P006").line.code == "G01"
    assert AuditLog.objects.filter(action="recruitment.selection.replaced").exists()


def test_unfilled_line_is_filled_in_pppk_ranking_order(world: World) -> None:
    from pamong.recruitment.services import selection_fill_unfilled

    formasi = "kode_formasi,jabatan,kuota\nG01,Guru,1\nG02,Guru,2\n"
    peserta = (
        HEADER
        + "\n"
        + "".join(
            f"{no},{no},1990-01-01,{line},3,{t},50,50,30\n"
            for no, line, t in [
                ("A1", "G01", 400),
                ("A2", "G01", 300),
                ("A3", "G01", 350),
                ("B1", "G02", 200),
            ]
        )
    )
    selection = _load(world, formasi, peserta, _example("bobot.csv")).selection
    fills = selection_fill_unfilled(actor=actor_for_user(world.admin_user), selection=selection)
    # G02 has one seat open: the best TL of the same jabatan is A3 (teknis 350), not A2
    assert [(f.candidate.no_peserta, f.line.code) for f in fills] == [("A3", "G02")]
