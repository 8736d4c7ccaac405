"""TPP computed independently from tpp.md §3–§6 on random cases, held against Pamong row
for row: with and without the payroll's fixed income (the BPJS cap on salary + TPP).

The reference below is written from the spec with Fractions and its own reading of the
policy numbers; it shares no code with pamong.tpp.engine.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from pamong.attendance.classify import DayFacts, EmployeeMonth
from pamong.tpp.engine import EmployeeFacts, SanctionFacts, compute_slip
from pamong.tpp.policy import parse_policy
from tests.tpp.conftest import POLICY

POLICY_OBJ = parse_policy(POLICY, source="p.yaml")
FIRST = dt.date(2026, 10, 1)

# The policy of tests/tpp/conftest.py, read by hand.
BASE = {5: 2800000, 7: 3900000, 9: 5400000, 11: 7200000, 14: 13000000}
TYPE = {"PNS": 100, "CPNS": 80, "PPPK": 100}
KINERJA = {"sangat_baik": 100, "baik": 100, "butuh_perbaikan": 75, "kurang": 50,
           "sangat_kurang": 25, "missing": 0}  # fmt: skip
BRACKETS = [(1, 30, Fraction(1, 2)), (31, 60, Fraction(1)), (61, 90, Fraction(5, 4)),
            (91, 10**9, Fraction(3, 2))]  # fmt: skip
TAX = {"I": 0, "II": 0, "III": 5, "IV": 15, "PPPK": 5}
BPJS_CAP, BPJS_PERCENT = 12_000_000, 1


def half_up(x: Fraction) -> int:
    return int((x + Fraction(1, 2)) // 1) if x >= 0 else -int((-x + Fraction(1, 2)) // 1)


def bracket(minutes: int) -> Fraction:
    return next((p for lo, hi, p in BRACKETS if lo <= minutes <= hi), Fraction(0))


def reference(
    *, employee_type: str, golongan: str, kelas: int, working: int, days: list[DayFacts],
    predikat: str, sanctions: list[Fraction], income: int | None,
) -> dict[str, int]:  # fmt: skip
    s = Fraction(0)
    sick = 0
    for d in days:
        if d.kind == "absent":
            s += 3
        elif d.kind == "leave" and d.leave_type == "sakit":
            sick += 1
            s += 2 if sick > 3 else 0
        elif d.kind == "present":
            s += Fraction(3, 2) if d.missing_in else bracket(d.minutes_late)
            s += Fraction(3, 2) if d.missing_out else bracket(d.minutes_early)
    s = min(s, Fraction(100))
    dasar = Fraction(BASE[kelas] * TYPE[employee_type], 100) * Fraction(len(days), working)
    kinerja = half_up(dasar * Fraction(60, 100) * Fraction(KINERJA[predikat], 100))
    disiplin = half_up(dasar * Fraction(40, 100) * (100 - s) / 100)
    gross = kinerja + disiplin
    hukdis = half_up(gross * min(sum(sanctions, Fraction(0)), Fraction(100)) / 100)
    bruto = gross - hukdis
    group = "PPPK" if employee_type == "PPPK" else golongan.split("/")[0]
    pph = half_up(Fraction(bruto * TAX[group], 100))
    room = max(0, BPJS_CAP - (income or 0))
    bpjs = half_up(Fraction(min(bruto, room) * BPJS_PERCENT, 100))
    return {
        "tpp_dasar": half_up(dasar), "kinerja": kinerja, "disiplin": disiplin,
        "potongan_hukdis": hukdis, "bruto": bruto, "pph21": pph, "iuran_bpjs": bpjs,
        "netto": bruto - pph - bpjs,
    }  # fmt: skip


def random_day(rng: random.Random, day: dt.date) -> DayFacts:
    kind = rng.choice(["present"] * 5 + ["absent", "duty", "leave"])
    if kind == "leave":
        return DayFacts(day, "leave", rng.choice(["sakit", "tahunan"]), None, None, 0, 0,
                        False, False)  # fmt: skip
    if kind != "present":
        return DayFacts(day, kind, None, None, None, 0, 0, False, False)
    missing = rng.choice([None, None, None, "in", "out"])
    late = 0 if missing == "in" else rng.choice([0, 0, rng.randint(0, 200)])
    early = 0 if missing == "out" else rng.choice([0, 0, rng.randint(0, 200)])
    return DayFacts(day, "present", None, None, None, late, early, missing == "in",
                    missing == "out")  # fmt: skip


@pytest.mark.parametrize("with_income", [False, True])
def test_random_slips_agree_with_an_independent_calculation(with_income: bool) -> None:
    rng = random.Random(20261206 + with_income)
    capped = 0
    for case in range(400):
        employee_type = rng.choice(["PNS", "CPNS", "PPPK"])
        golongan = (
            rng.choice(["IX", "V"])
            if employee_type == "PPPK"
            else rng.choice(["I/c", "II/a", "III/b", "IV/a", "IV/e"])
        )
        kelas = rng.choice(list(BASE))
        working = rng.randint(18, 23)
        paid = rng.randint(0, working)
        days = [random_day(rng, FIRST + dt.timedelta(days=i)) for i in range(paid)]
        predikat = rng.choice(list(KINERJA))
        sanctions = [Fraction(rng.randint(0, 6000), 100) for _ in range(rng.choice([0, 0, 1, 2]))]
        income = None
        if with_income:
            income = rng.choice([0, rng.randint(2_000_000, 9_000_000), rng.randint(0, 20_000_000)])
        got = compute_slip(
            policy=POLICY_OBJ,
            employee=EmployeeFacts(
                case, f"{case:018d}", "x", "1", employee_type, golongan, kelas, "Pelaksana"
            ),  # fmt: skip
            hari_kerja=working,
            month=EmployeeMonth(case, [d.day for d in days], [], days),
            predikat=predikat,
            sanctions=[SanctionFacts("h", Decimal(p.numerator) / p.denominator) for p in sanctions],
            penghasilan_tetap=income,
        )
        want = reference(
            employee_type=employee_type, golongan=golongan, kelas=kelas, working=working,
            days=days, predikat=predikat, sanctions=sanctions, income=income,
        )  # fmt: skip
        assert got.money() == want, f"case {case}"
        if income is not None and got.bruto > max(0, BPJS_CAP - income):
            capped += 1
    # The random cases do reach the cap (salary + TPP above Rp12 million) when income is on.
    assert (capped > 20) == with_income


def test_salary_takes_its_share_of_the_cap_first() -> None:
    """The issue's official: Rp5 million salary and Rp10 million TPP pays 1% of 7 million."""
    days = [DayFacts(FIRST + dt.timedelta(days=i), "present", None, None, None, 0, 0, False,
                     False) for i in range(20)]  # fmt: skip
    employee = EmployeeFacts(1, "1" * 18, "x", "1", "PNS", "IV/a", 14, "Pelaksana")
    month = EmployeeMonth(1, [d.day for d in days], [], days)
    without = compute_slip(policy=POLICY_OBJ, employee=employee, hari_kerja=20, month=month,
                           predikat="baik")  # fmt: skip
    with_salary = compute_slip(policy=POLICY_OBJ, employee=employee, hari_kerja=20, month=month,
                               predikat="baik", penghasilan_tetap=5_000_000)  # fmt: skip
    assert without.bruto == with_salary.bruto == 13_000_000
    assert without.iuran_bpjs == 120_000  # 1% of the 12 million cap, TPP alone
    assert with_salary.iuran_bpjs == 70_000  # 1% of 12 − 5 = 7 million
    assert with_salary.netto == without.netto + 50_000
    [line] = [x for x in with_salary.lines if x.kind == "income"]
    assert line.amount == 5_000_000 and "7.000.000" in line.note
    rich = compute_slip(policy=POLICY_OBJ, employee=employee, hari_kerja=20, month=month,
                        predikat="baik", penghasilan_tetap=15_000_000)  # fmt: skip
    assert rich.iuran_bpjs == 0  # the salary alone is above the cap
