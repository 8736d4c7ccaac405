"""Pure career rules: KP periods by date of effect, calendar edges, KP verdicts, pay tables."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from pamong.careers import rules
from pamong.careers.paytables import gaji_pokok, table_for
from pamong.org.models import PNS_GOLONGAN

D = dt.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 4, 1), True),
        (D(2023, 6, 1), False),  # two periods only before 2024
        (D(2023, 12, 1), False),
        (D(2024, 2, 1), True),  # Perban BKN 4/2023 from 1 Jan 2024
        (D(2024, 4, 1), True),
        (D(2024, 3, 1), False),
        (D(2025, 9, 1), False),  # still six periods on 1 September 2025
        (D(2025, 8, 1), True),
        (D(2025, 10, 1), True),  # Perban BKN 4/2025 from 1 October 2025
        (D(2025, 11, 1), True),
        (D(2026, 3, 1), True),
        (D(2026, 3, 2), False),  # a period is always the 1st
    ],
)
def test_kp_period_follows_the_rule_in_force(day: dt.date, expected: bool) -> None:
    assert rules.is_kp_period(day) is expected


def test_periods_of_2025_mix_two_regimes() -> None:
    got = rules.kp_periods(D(2025, 1, 1), D(2025, 12, 31))
    assert got == [D(2025, m, 1) for m in (2, 4, 6, 8, 10, 11, 12)]
    assert len(rules.kp_periods(D(2023, 1, 1), D(2023, 12, 31))) == 2
    assert len(rules.kp_periods(D(2024, 1, 1), D(2024, 12, 31))) == 6
    assert len(rules.kp_periods(D(2026, 1, 1), D(2026, 12, 31))) == 12


def test_regime_boundaries_and_sources() -> None:
    assert rules.regime_on(D(2023, 12, 31)).rule.source.startswith("PP 99/2000")
    assert rules.regime_on(D(2024, 1, 1)).rule.source == "Perban BKN 4/2023"
    assert rules.regime_on(D(2025, 9, 30)).rule.source == "Perban BKN 4/2023"
    assert rules.regime_on(D(2025, 10, 1)).rule.source == "Perban BKN 4/2025"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 4, 2), D(2023, 10, 1)),
        (D(2023, 10, 2), D(2024, 2, 1)),  # the new regime's first period
        (D(2025, 8, 2), D(2025, 10, 1)),  # September is not a period in 2025
        (D(2025, 10, 2), D(2025, 11, 1)),
        (D(2026, 1, 1), D(2026, 1, 1)),
    ],
)
def test_next_kp_period(day: dt.date, expected: dt.date) -> None:
    assert rules.next_kp_period(day) == expected


def test_leap_day_arithmetic() -> None:
    assert rules.add_months(D(2024, 2, 29), 24) == D(2026, 3, 1)
    assert rules.add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert rules.add_years(D(2028, 2, 29), -4) == D(2024, 2, 29)
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 3, 1)
    assert rules.next_kgb(D(2024, 2, 29)) == D(2026, 3, 1)
    assert rules.next_kgb(D(2024, 2, 29), postponed_months=12) == D(2027, 3, 1)


def test_add_months_against_a_day_by_day_count() -> None:
    rnd = random.Random(14)
    for _ in range(300):
        start = D(2000, 1, 1) + dt.timedelta(days=rnd.randrange(0, 12000))
        months = rnd.randrange(0, 60)
        got = rules.add_months(start, months)
        # independent: walk month by month on the 1st, then clamp the day
        y, m = start.year, start.month
        for _i in range(months):
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        try:
            expected = D(y, m, start.day)
        except ValueError:
            nxt = D(y + 1, 1, 1) if m == 12 else D(y, m + 1, 1)
            expected = nxt
        assert got == expected


def test_kp_years_cutoff_on_period_boundaries() -> None:
    period = D(2026, 4, 1)
    cutoff = rules.kp_years_cutoff(period, 4)
    assert cutoff == D(2022, 4, 1)  # TMT 1 April 2022 has 4 full years on 1 April 2026


def _facts(**kw: object) -> rules.KpFacts:
    base: dict[str, object] = {
        "golongan": "III/a",
        "education": "S1",
        "tmt_pangkat": D(2020, 4, 1),
        "predikat": ["baik", "sangat_baik"],
        "sanction_active": False,
        "documents_missing": 0,
    }
    base.update(kw)
    return rules.KpFacts(**base)  # type: ignore[arg-type]


def _verdict(facts: rules.KpFacts, **kw: object) -> rules.KpVerdict:
    return rules.kp_verdict(
        facts,
        years=(2025, 2024),
        ceiling=rules.DEFAULT_EDUCATION_CEILING,
        **kw,  # type: ignore[arg-type]
    )


def test_kp_verdict_reasons() -> None:
    assert _verdict(_facts()).ready
    assert _verdict(_facts()).target == "III/b"
    v = _verdict(_facts(predikat=["butuh_perbaikan", "baik"]))
    assert v.blockers == ("predikat tahun 2025 di bawah Baik",)
    v = _verdict(_facts(predikat=["baik", None]))
    assert v.blockers == ("predikat tahun 2024 belum ada",)
    assert _verdict(_facts(sanction_active=True)).blockers == ("sedang menjalani hukuman disiplin",)
    assert _verdict(_facts(sanction_active=True), sanction_blocks=False).blockers == ()
    v = _verdict(_facts(golongan="III/d", education="S1"))
    assert v.blockers == ("batas pangkat pendidikan S1 adalah III/d",)
    assert _verdict(_facts(golongan="III/c", education="S1")).blockers == ()
    v = _verdict(_facts(documents_missing=None))
    assert not v.blockers and not v.documents_ok and not v.ready
    assert (
        "sudah di golongan tertinggi" in _verdict(_facts(golongan="IV/e", education="S3")).blockers
    )


def test_pns_table_lookup_uses_the_largest_row_not_above_mkg() -> None:
    on = D(2026, 1, 1)
    assert gaji_pokok("PNS", "I/a", 0, on).amount == 1685700
    assert gaji_pokok("PNS", "IV/e", 32, on).amount == 6373200
    assert gaji_pokok("PNS", "III/a", 3, on).amount == gaji_pokok("PNS", "III/a", 2, on).amount
    assert gaji_pokok("PNS", "III/a", 3, on).mkg_row == 2
    assert gaji_pokok("PNS", "III/a", 40, on).amount == 4575200
    assert gaji_pokok("PNS", "II/a", 1, on).amount == 2218400
    assert gaji_pokok("PNS", "I/b", 2, on).amount is None  # I/b starts at MKG 3
    assert gaji_pokok("CPNS", "III/a", 0, on).amount == 2785700 * 80 // 100
    assert gaji_pokok("PNS", "III/a", 0, D(2023, 12, 31)).amount is None  # no older table kept
    assert table_for("PNS", on) is not None and table_for("PNS", on).source == "PP 5/2024"


def test_pns_table_is_monotonic() -> None:
    table = table_for("PNS", D(2024, 1, 1))
    assert table is not None
    for gol in PNS_GOLONGAN:
        rows = table.rows[gol]
        values = [rows[m] for m in sorted(rows)]
        assert values == sorted(values) and len(set(values)) == len(values)


def test_pppk_table_only_knows_its_first_row() -> None:
    on = D(2026, 1, 1)
    assert gaji_pokok("PPPK", "I", 0, on).amount == 1938500
    assert gaji_pokok("PPPK", "IX", 4, on).amount is None
    assert gaji_pokok("PPPK", "IX", 4, on).table is not None
