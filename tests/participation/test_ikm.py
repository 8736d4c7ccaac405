"""IKM arithmetic against hand-computed values (exact means, half-up printing, band edges)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from pamong.participation.ikm import Ikm, band, ikm_of, minimum_sample, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(30625, 10000), 3, "3.063"),  # banker's rounding would give 3.062
        (Fraction(30615, 10000), 3, "3.062"),
        (Fraction(76605, 1000), 2, "76.61"),
        (Fraction(76604999, 1000000), 2, "76.60"),
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(2, 3), 3, "0.667"),
        (Fraction(4), 3, "4.000"),
        (Fraction(-5, 1000), 2, "-0.01"),
    ],
)
def test_round_half_up(value: Fraction, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


@pytest.mark.parametrize(
    ("konversi", "mutu", "kinerja"),
    [
        ("25.00", "D", "tidak baik"),
        ("64.99", "D", "tidak baik"),
        ("65.00", "C", "kurang baik"),
        ("76.60", "C", "kurang baik"),
        ("76.61", "B", "baik"),
        ("88.30", "B", "baik"),
        ("88.31", "A", "sangat baik"),
        ("100.00", "A", "sangat baik"),
    ],
)
def test_band_edges(konversi: str, mutu: str, kinerja: str) -> None:
    assert band(Decimal(konversi)) == (mutu, kinerja)


@pytest.mark.parametrize(
    ("responden", "per_unsur_sum", "ikm", "konversi", "mutu"),
    [
        # 9 x 15321 / (9 x 5000) = 3.0642 exactly; x 25 = 76.605 -> 76.61 (B, not C).
        (5000, 15321, "3.0642", "76.61", "B"),
        (1000, 3064, "3.0640", "76.60", "C"),
        # 3.5322 x 25 = 88.305 -> 88.31 (A, not B).
        (5000, 17661, "3.5322", "88.31", "A"),
        (1000, 3532, "3.5320", "88.30", "B"),
        # 2.5998 x 25 = 64.995 -> 65.00 (C, not D).
        (5000, 12999, "2.5998", "65.00", "C"),
        (5000, 12998, "2.5996", "64.99", "D"),
    ],
)
def test_band_comes_from_rounded_konversi(
    responden: int, per_unsur_sum: int, ikm: str, konversi: str, mutu: str
) -> None:
    result = Ikm(responden, (per_unsur_sum,) * 9)
    printed = result.printed()
    assert printed[9] == ikm
    assert printed[10] == konversi
    assert printed[11] == mutu


def test_nrr_and_ikm_of_a_small_hand_computed_sample() -> None:
    result = ikm_of(
        [
            (4, 4, 4, 4, 4, 4, 4, 4, 4),
            (3, 3, 3, 3, 3, 3, 3, 3, 3),
            (3, 4, 2, 4, 3, 3, 4, 1, 3),
        ]
    )
    assert result.responden == 3
    assert result.nrr[0] == Fraction(10, 3)
    assert result.ikm == Fraction(90, 27)
    assert result.printed() == [
        "3.333", "3.667", "3.000", "3.667", "3.333", "3.333", "3.667", "2.667", "3.333",
        "3.3333", "83.33", "B", "baik",
    ]  # fmt: skip


def test_half_up_when_printing_nrr_and_ikm() -> None:
    # 49/16 = 3.0625 exactly: 3 decimals -> 3.063; konversi 76.5625 -> 76.56.
    result = Ikm(16, (49,) * 9)
    assert result.printed()[:1] == ["3.063"]
    assert result.printed()[9:] == ["3.0625", "76.56", "C", "kurang baik"]


def test_weights_are_exactly_one_ninth_not_0_111() -> None:
    # With 0.111 the perfect score would print 3.9960 and 99.90.
    assert Ikm(1, (4,) * 9).printed()[9:11] == ["4.0000", "100.00"]


def test_results_add_up() -> None:
    a = ikm_of([(1,) * 9])
    b = ikm_of([(4,) * 9])
    assert (a + b).ikm == Fraction(5, 2)


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (100, 80), (200, 132), (300, 169), (500, 217), (1000, 278), (2000, 322),
        (5000, 357), (10000, 370), (20000, 377), (50000, 381), (75000, 382),
        (1000000, 384), (1, 1), (0, 0),
    ],
)  # fmt: skip
def test_minimum_sample_matches_the_krejcie_morgan_table(population: int, sample: int) -> None:
    assert minimum_sample(population) == sample
