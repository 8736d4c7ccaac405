"""The pure engine on hand-built DayFacts: brackets, leave rules, cap, tax, rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from pamong.attendance.classify import DayFacts, EmployeeMonth
from pamong.tpp.engine import (
    EmployeeFacts,
    SanctionFacts,
    bracket_percent,
    compute_slip,
    format_percent,
    tax_group,
)
from pamong.tpp.policy import parse_policy
from tests.tpp.conftest import POLICY

P = parse_policy(POLICY, source="p.yaml")
WITA = ZoneInfo("Asia/Makassar")
DAYS = [dt.date(2026, 10, d) for d in (1, 2, 6, 7, 8, 9, 12, 13, 14, 15)]
PPPK = EmployeeFacts(1, "199811302024212005", "F", "1.02.05", "PPPK", "VII", 7, "Perawat")


def present(day: dt.date, late: int = 0, early: int = 0, **kw: bool) -> DayFacts:
    check_in = dt.datetime.combine(day, dt.time(7, 30), WITA) + dt.timedelta(minutes=late)
    return DayFacts(day, "present", None, check_in, None, late, early, *_flags(**kw))


def _flags(missing_in: bool = False, missing_out: bool = False) -> tuple[bool, bool]:
    return missing_in, missing_out


def leave(day: dt.date, kind: str) -> DayFacts:
    return DayFacts(day, "leave", kind, None, None, 0, 0, False, False)


def slip(days: list[DayFacts], **kw):  # type: ignore[no-untyped-def]
    month = EmployeeMonth(1, [d.day for d in days], kw.pop("unpaid", []), days)
    return compute_slip(
        policy=P,
        employee=kw.pop("employee", PPPK),
        hari_kerja=kw.pop("hari_kerja", 21),
        month=month,
        predikat=kw.pop("predikat", None),
        tz=WITA,
        **kw,
    )


@pytest.mark.parametrize(
    ("minutes", "percent"),
    [(0, "0"), (1, "0.5"), (30, "0.5"), (31, "1"), (90, "1.25"), (91, "1.5"), (600, "1.5")],
)
def test_brackets(minutes: int, percent: str) -> None:
    assert bracket_percent(P.late_in, minutes) == Decimal(percent)


def test_a_grace_period_before_the_first_bracket_costs_nothing() -> None:
    grace = parse_policy(
        POLICY.replace("{from: 1, to: 30, percent: 0.5}", "{from: 6, to: 30, percent: 0.5}"),
        source="g",
    )
    assert bracket_percent(grace.late_in, 5) == 0
    assert bracket_percent(grace.late_in, 6) == Decimal("0.5")


def test_a_day_adds_late_and_early_and_missing_punches_replace_their_bracket() -> None:
    r = slip([present(DAYS[0], late=45, early=10), present(DAYS[1], missing_out=True, late=1)])
    assert [(line.kind, str(line.percent)) for line in r.lines] == [
        ("late_in", "1"), ("early_out", "0.5"), ("late_in", "0.5"), ("missing_out", "1.5"),
    ]  # fmt: skip
    assert r.potongan_disiplin_persen == Decimal("3.5")
    assert "08:15:00" in r.lines[0].note


def test_sick_leave_after_days_counts_working_days_within_the_month() -> None:
    days = [leave(d, "sakit") for d in DAYS[:5]] + [leave(DAYS[5], "tahunan")]
    r = slip(days)
    assert [str(line.percent) for line in r.lines] == ["0", "0", "0", "2", "2", "0"]
    assert r.potongan_disiplin_persen == 4


def test_the_cap_limits_the_month() -> None:
    capped = parse_policy(POLICY.replace("cap: 100", "cap: 10"), source="c")
    month = EmployeeMonth(
        1, DAYS, [], [DayFacts(d, "absent", None, None, None, 0, 0, False, False) for d in DAYS]
    )
    r = compute_slip(policy=capped, employee=PPPK, hari_kerja=21, month=month, predikat="baik")
    assert r.discipline_sum == 30 and r.potongan_disiplin_persen == 10
    assert any(line.kind == "cap" for line in r.lines)


def test_no_classification_means_no_paid_days() -> None:
    r = compute_slip(policy=P, employee=PPPK, hari_kerja=21, month=None, predikat="baik")
    assert r.hari_dibayar == 0 and r.tpp_dasar == 0 and r.netto == 0


def test_unpaid_leave_days_are_explained_and_prorate() -> None:
    r = slip([present(d) for d in DAYS], unpaid=[(dt.date(2026, 10, 16), "besar")], predikat="baik")
    assert r.hari_dibayar == 10
    assert r.tpp_dasar == 3900000 * 10 // 21 + 1  # 1857142.857… rounds up
    assert [line.kind for line in r.lines] == ["unpaid"]


def test_sanctions_are_capped_at_100_percent() -> None:
    r = slip(
        [present(d) for d in DAYS],
        predikat="baik",
        sanctions=[SanctionFacts("a", Decimal(70)), SanctionFacts("b", Decimal(50))],
    )
    assert r.sanction_percent == 100 and r.bruto == 0 and r.netto == 0


def test_rounding_follows_section_6() -> None:
    # The worked example's PPPK: 21 paid days, 6 sick days (3 free, then 2% each), one day
    # 95 minutes early (1.5%), a 25% sanction, no rating. 5% PPh of 1,082,250 is 54,112.5,
    # rounded half-up to 54,113.
    month = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(31)]
    working = [d for d in month if d.weekday() < 5 and d.day != 5]
    days = [
        leave(d, "sakit") if 13 <= d.day <= 20 else present(d, early=95 if d.day == 22 else 0)
        for d in working
    ]
    r = slip(days, sanctions=[SanctionFacts("sedang", Decimal(25))])
    assert (r.hari_kerja, r.hari_dibayar, str(r.potongan_disiplin_persen)) == (21, 21, "7.5")
    assert r.money() == {
        "tpp_dasar": 3900000, "kinerja": 0, "disiplin": 1443000, "potongan_hukdis": 360750,
        "bruto": 1082250, "pph21": 54113, "iuran_bpjs": 10823, "netto": 1017314,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("employee_type", "golongan", "group"),
    [
        ("PNS", "IV/b", "IV"),
        ("CPNS", "II/a", "II"),
        ("PNS", "III/d", "III"),
        ("PPPK", "IX", "PPPK"),
    ],
)
def test_tax_group(employee_type: str, golongan: str, group: str) -> None:
    assert tax_group(employee_type, golongan) == group


@pytest.mark.parametrize(
    ("value", "text"),
    [("4.50", "4.5"), ("0", "0"), ("12.25", "12.25"), ("100", "100"), ("3.00", "3")],
)
def test_format_percent(value: str, text: str) -> None:
    assert format_percent(Decimal(value)) == text
