"""PPPK ranking: configurable components and weights, minimums, every tie-break, exactness,
permutation invariance, and agreement with a comparator written from the docstring."""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.recruitment.pppk import Applicant, parse_scheme, rank_pppk_line

SCHEME = parse_scheme("teknis=50>=50;manajerial=20;sosiokultural=15;wawancara=15")
D = Decimal


def _a(no: str, t: str, m: str, s: str, w: str, edu: str = "3.5", born: str = "1990-01-01"):  # type: ignore[no-untyped-def]  # noqa: E501
    return Applicant(
        no, "P1", dt.date.fromisoformat(born), D(edu),
        {"teknis": D(t), "manajerial": D(m), "sosiokultural": D(s), "wawancara": D(w)},
    )  # fmt: skip


def test_hand_computed_line() -> None:
    # finals: P1 = (50×80 + 20×60 + 15×60 + 15×60)/100 = 70.000
    #         P2: teknis 76, manajerial 70 → (3800 + 1400 + 900 + 900)/100 = 70.000 → loses
    #         on teknis; P3..P8 all 65.000: P3 wins on education, P4 (born 1990) is older
    #         than P5 (1995), P5 and P8 are twins decided by the registration number
    people = [
        _a("P2", "76", "70", "60", "60"),
        _a("P1", "80", "60", "60", "60"),
        _a("P8", "70", "60", "60", "60", born="1995-01-01"),
        _a("P5", "70", "60", "60", "60", born="1995-01-01"),
        _a("P3", "70", "60", "60", "60", edu="3.9", born="1995-01-01"),
        _a("P4", "70", "60", "60", "60"),
        _a("P6", "49", "100", "100", "100"),  # below the teknis minimum
        Applicant("P7", "P1", dt.date(1990, 1, 1), D("3"), {"teknis": D("90")}),  # absent
    ]
    rows = rank_pppk_line(SCHEME, 2, people)
    got = [(r.applicant.no_peserta, r.rank, r.status, str(r.final), r.decided_below) for r in rows]
    assert got == [
        ("P1", 1, "L", "70.000", "teknis"),
        ("P2", 2, "L", "70.000", "final"),
        ("P3", 3, "TL", "65.000", "education"),
        ("P4", 4, "TL", "65.000", "older"),
        ("P5", 5, "TL", "65.000", "no_peserta"),
        ("P8", 6, "TL", "65.000", None),
        ("P6", None, "TMS", "None", None),
        ("P7", None, "TH", "None", None),
    ]


def test_scheme_weights_must_sum_to_100() -> None:
    with pytest.raises(ValueError):
        parse_scheme("teknis=50;wawancara=40")


def _random(rng: random.Random) -> list[Applicant]:
    marks = ["50", "60", "70", "75.5", "80", "90.25"]
    return [
        Applicant(
            f"{n:04d}",
            "P1",
            dt.date(1990, 1, rng.randint(1, 3)),
            D(rng.choice(["3.5", "3.75"])),
            {
                c: D(rng.choice(marks))
                for c in ("teknis", "manajerial", "sosiokultural", "wawancara")
            },
        )
        for n in rng.sample(range(10_000), rng.randint(0, 25))
    ]


def _oracle(applicants: list[Applicant]) -> list[str]:
    weights = {"teknis": 50, "manajerial": 20, "sosiokultural": 15, "wawancara": 15}
    ok = [a for a in applicants if a.scores["teknis"] >= 50]

    def final(a: Applicant) -> Fraction:
        return sum(
            (Fraction(w) * Fraction(a.scores[c]) / 100 for c, w in weights.items()), Fraction(0)
        )

    def cmp(a: Applicant, b: Applicant) -> int:
        pairs = [(final(a), final(b)), *((a.scores[c], b.scores[c]) for c in weights)]
        pairs.append((a.education, b.education))
        for x, y in pairs:
            if x != y:
                return -1 if x > y else 1
        if a.birth_date != b.birth_date:
            return -1 if a.birth_date < b.birth_date else 1
        return -1 if a.no_peserta < b.no_peserta else 1

    return [a.no_peserta for a in sorted(ok, key=functools.cmp_to_key(cmp))]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32), st.randoms(use_true_random=False))
def test_permutation_invariance_and_oracle(seed: int, shuffler: random.Random) -> None:
    people = _random(random.Random(seed))
    first = [(r.applicant.no_peserta, r.rank, r.status) for r in rank_pppk_line(SCHEME, 2, people)]
    shuffler.shuffle(people)
    again = [(r.applicant.no_peserta, r.rank, r.status) for r in rank_pppk_line(SCHEME, 2, people)]
    assert first == again
    assert [no for no, rank, _s in first if rank is not None] == _oracle(people)
