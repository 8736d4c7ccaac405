"""The hand-computed line of worked.py: every tie-break decides one pair."""

from __future__ import annotations

from pamong.recruitment.explain import reason_above, reason_below
from pamong.recruitment.export import ranking_csv
from pamong.recruitment.files import read_selection_files
from pamong.recruitment.ranking import Step, rank_selection
from tests.recruitment import oracle
from tests.recruitment.worked import EXPECTED, FORMASI, PESERTA, SKB, STEPS_BELOW


def _results():  # type: ignore[no-untyped-def]
    data = read_selection_files(FORMASI.encode(), PESERTA.encode(), SKB.encode())
    return rank_selection(data.lines, data.candidates)


def test_hand_computed_ranking() -> None:
    assert ranking_csv(_results()).decode() == EXPECTED


def test_each_pair_is_decided_by_the_expected_step() -> None:
    results = {r.candidate.no_peserta: r for r in _results()}
    for no, step in STEPS_BELOW.items():
        assert results[no].step_below == step, no
    assert results["W001"].step_above is None
    assert results["W002"].step_above == Step.SKD_TOTAL
    assert reason_below(results["W004"].step_below).endswith("menang pada TKP")
    assert reason_below(results["W010"].step_below).endswith("lebih tua")
    assert reason_above(results["W009"].step_above).endswith("lebih muda")
    assert results["W014"].ignored_skb  # SKB of a candidate not invited: ignored
    assert not results["W013"].ignored_skb


def test_oracle_agrees_on_the_worked_example() -> None:
    from tests.recruitment.worked import PEOPLE

    lines = [{"code": "W1", "jalur": "umum", "kuota": 4, "weights": {"cat": 60, "wawancara": 40}}]
    people = [
        {
            "no": no,
            "name": f"Peserta {no}",
            "birth": born,
            "line": "W1",
            "twk": twk,
            "tiu": tiu,
            "tkp": tkp,
            "edu": edu,
            "skb": {} if skb is None else {"cat": skb, "wawancara": skb},
        }
        for no, twk, tiu, tkp, edu, born, skb in PEOPLE
    ]
    rows = oracle.rank(lines, people)
    assert "\n".join(",".join(r) for r in rows) + "\n" == EXPECTED.split("\n", 1)[1]
