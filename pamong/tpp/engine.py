"""The TPP calculation of tpp.md §2–§6: pure, exact (Fraction/Decimal), no database.

Day classification comes from `pamong.attendance.classify` (the one shared
implementation); this module only prices the classified days and computes the amounts,
rounding exactly in the order of §6. Every slip carries lines that explain it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pamong.tpp.policy import Bracket, Policy

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONEY_COLUMNS = (
    "tpp_dasar", "kinerja", "disiplin", "potongan_hukdis", "bruto", "pph21", "iuran_bpjs",
    "netto",
)  # fmt: skip
# Line kinds that carry a discipline percent for one day.
DAY_KINDS = ("late_in", "early_out", "missing_in", "missing_out", "absent", "leave", "duty")


class DayLike(Protocol):
    """What the engine reads of attendance.classify.DayFacts."""

    @property
    def day(self) -> dt.date: ...
    @property
    def kind(self) -> str: ...
    @property
    def leave_type(self) -> str | None: ...
    @property
    def check_in(self) -> dt.datetime | None: ...
    @property
    def check_out(self) -> dt.datetime | None: ...
    @property
    def minutes_late(self) -> int: ...
    @property
    def minutes_early(self) -> int: ...
    @property
    def missing_in(self) -> bool: ...
    @property
    def missing_out(self) -> bool: ...


class MonthLike(Protocol):
    """What the engine reads of attendance.classify.EmployeeMonth."""

    @property
    def paid_days(self) -> Sequence[dt.date]: ...
    @property
    def unpaid_leave_days(self) -> Sequence[tuple[dt.date, str]]: ...
    @property
    def days(self) -> Sequence[DayLike]: ...


@dataclass(frozen=True)
class EmployeeFacts:
    employee_id: int
    nip: str
    name: str
    unit_code: str
    employee_type: str
    golongan: str
    kelas: int
    jabatan: str
    status: str = "aktif"
    opd_id: int | None = None
    bank_name: str = ""
    bank_account: str = ""


@dataclass(frozen=True)
class SanctionFacts:
    jenis: str
    percent: Decimal


@dataclass(frozen=True)
class Line:
    kind: str
    day: dt.date | None = None
    percent: Decimal | None = None
    amount: int | None = None
    note: str = ""


@dataclass
class SlipResult:
    employee: EmployeeFacts
    hari_kerja: int
    hari_dibayar: int = 0
    tpp_dasar: int = 0
    predikat: str = "missing"
    kinerja: int = 0
    potongan_disiplin_persen: Decimal = ZERO
    disiplin: int = 0
    potongan_hukdis: int = 0
    bruto: int = 0
    pph21: int = 0
    iuran_bpjs: int = 0
    netto: int = 0
    keterangan: str = ""
    discipline_sum: Decimal = ZERO  # S before the cap
    sanction_percent: Decimal = ZERO  # sum of active sanctions, capped at 100
    # The payroll's fixed income of the month (penghasilan.csv); None when there is none.
    penghasilan_tetap: int | None = None
    lines: list[Line] = field(default_factory=list)

    def money(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in MONEY_COLUMNS}

    def component_lines(self) -> list[Line]:
        """The amounts as signed lines: the signed lines add up to `netto`."""
        return [
            Line("kinerja", amount=self.kinerja),
            Line("disiplin", amount=self.disiplin),
            Line("hukdis", percent=self.sanction_percent, amount=-self.potongan_hukdis),
            Line("pph21", amount=-self.pph21),
            Line("bpjs", amount=-self.iuran_bpjs),
        ]


def format_percent(value: Decimal) -> str:
    """Up to two decimals, no trailing zeros: 4.5, 0, 12.25 (tpp.md §7)."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def bracket_percent(brackets: Iterable[Bracket], minutes: int) -> Decimal:
    """0 minutes, or minutes in no bracket (a grace period), cost nothing."""
    if minutes <= 0:
        return ZERO
    for bracket in brackets:
        if bracket.contains(minutes):
            return bracket.percent
    return ZERO


def tax_group(employee_type: str, golongan: str) -> str:
    if employee_type == "PPPK":
        return "PPPK"
    return golongan.split("/", 1)[0]


def _clock(value: dt.datetime | None, tz: ZoneInfo | None) -> str:
    if value is None:
        return "-"
    if tz is not None and value.tzinfo is not None:
        value = value.astimezone(tz)
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"  # %H:%M:%S, faster


@dataclass(frozen=True)
class Texts:
    """Translated note templates, looked up once per run rather than once per line."""

    leave: str
    duty: str
    absent: str
    punches: str
    late: str
    early: str
    unpaid: str
    cap: str
    outside: str
    income: str


@lru_cache(maxsize=8)
def _texts_for(language: str) -> Texts:
    return Texts(
        leave=_("cuti %(type)s, hari ke-%(n)s dalam bulan ini"),
        duty=_("dinas luar / surat tugas"),
        absent=_("tanpa keterangan"),
        punches=_("masuk %(in)s, pulang %(out)s"),
        late=_("terlambat %(m)s menit; %(p)s"),
        early=_("pulang cepat %(m)s menit; %(p)s"),
        unpaid=_("cuti %(type)s: hari kerja tidak dibayar"),
        cap=_("batas potongan disiplin"),
        outside=_("di luar masa kerja di pemda (TMT / tanggal berhenti)"),
        income=_(
            "penghasilan tetap dari gaji Rp%(income)s; sisa batas iuran BPJS untuk TPP Rp%(left)s"
        ),
    )


def texts() -> Texts:
    return _texts_for(get_language() or "id")


@dataclass(frozen=True)
class Rates:
    """The policy's percents in hundredths of a percent (exact: at most two decimals).

    Built once per run, so each slip is integer arithmetic with one exact division per
    rounded amount.
    """

    type_percent: dict[str, int]
    kinerja_percent: dict[str, int]
    weight_kinerja: int
    weight_disiplin: int
    tax_percent: dict[str, int]
    bpjs_percent: int

    @classmethod
    def of(cls, policy: Policy) -> Rates:
        taxed = policy.tax_method == "by_golongan"
        return cls(
            type_percent={k: hundredths(v) for k, v in policy.employee_type_percent.items()},
            kinerja_percent={k: hundredths(v) for k, v in policy.kinerja_percent.items()},
            weight_kinerja=hundredths(policy.weight_kinerja),
            weight_disiplin=hundredths(policy.weight_disiplin),
            tax_percent={k: hundredths(v) for k, v in policy.tax_percent.items()} if taxed else {},
            bpjs_percent=hundredths(policy.bpjs_percent),
        )


def hundredths(percent: Decimal) -> int:
    """A percent with at most two decimals as an integer count of 0.01 %."""
    scaled = percent * 100
    if scaled != scaled.to_integral_value():
        raise ValueError(f"percent {percent} has more than two decimals")
    return int(scaled)


def _rounded(numerator: int, denominator: int) -> int:
    """round_rupiah(Fraction(numerator, denominator)) for denominator > 0, in integers.

    Half-up (away from zero) of num/den is floor((2·num + den) / (2·den)) for num ≥ 0; the
    formula is unchanged when num and den are scaled alike, so no gcd is needed.
    """
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


_BY_DAY = attrgetter("day")


def price_days(
    policy: Policy,
    days: Sequence[DayLike],
    tz: ZoneInfo | None = None,
    text: Texts | None = None,
) -> list[Line]:
    """One line per deduction (or leave/duty day) of the paid working days (§3, §4)."""
    t = text or texts()
    lines: list[Line] = []
    leave_count: dict[str, int] = {}
    for facts in sorted(days, key=_BY_DAY):
        kind, day = facts.kind, facts.day
        if kind == "present":
            if facts.minutes_late or facts.minutes_early or facts.missing_in or facts.missing_out:
                lines.extend(_present_lines(policy, facts, tz, t))
        elif kind == "leave":
            leave_type = facts.leave_type or ""
            count = leave_count[leave_type] = leave_count.get(leave_type, 0) + 1
            rule = policy.leave.get(leave_type)
            percent = ZERO
            if rule is not None and not rule.unpaid:
                percent = rule.deduct
                if rule.after_days is not None and count > rule.after_days:
                    percent = rule.deduct_after or ZERO
            note = t.leave % {"type": leave_type, "n": count}
            lines.append(Line("leave", day, percent, note=note))
        elif kind == "duty":
            lines.append(Line("duty", day, ZERO, note=t.duty))
        else:
            lines.append(Line("absent", day, policy.absent, note=t.absent))
    return lines


def _present_lines(policy: Policy, facts: DayLike, tz: ZoneInfo | None, t: Texts) -> list[Line]:
    day = facts.day
    late = ZERO if facts.missing_in else bracket_percent(policy.late_in, facts.minutes_late)
    early = ZERO if facts.missing_out else bracket_percent(policy.early_out, facts.minutes_early)
    if not (late or early or facts.missing_in or facts.missing_out):
        return []  # within a grace period
    punches = t.punches % {"in": _clock(facts.check_in, tz), "out": _clock(facts.check_out, tz)}
    lines: list[Line] = []
    if facts.missing_in:
        lines.append(Line("missing_in", day, policy.missing_in, note=punches))
    elif late:
        note = t.late % {"m": facts.minutes_late, "p": punches}
        lines.append(Line("late_in", day, late, note=note))
    if facts.missing_out:
        lines.append(Line("missing_out", day, policy.missing_out, note=punches))
    elif early:
        note = t.early % {"m": facts.minutes_early, "p": punches}
        lines.append(Line("early_out", day, early, note=note))
    return lines


def compute_slip(
    *,
    policy: Policy,
    employee: EmployeeFacts,
    hari_kerja: int,
    month: MonthLike | None,
    predikat: str | None,
    sanctions: Sequence[SanctionFacts] = (),
    tz: ZoneInfo | None = None,
    rates: Rates | None = None,
    text: Texts | None = None,
    working_days: Sequence[dt.date] = (),
    penghasilan_tetap: int | None = None,
) -> SlipResult:
    """One employee's month. `working_days` (optional) adds a line for each working day
    outside the employee's time in the tenant, so every working day is explained.
    `penghasilan_tetap`: the payroll's fixed income of the month, which takes its share of
    the BPJS cap before TPP (tpp.md §5); None when there is no figure (counts as 0)."""
    t = text or texts()
    result = SlipResult(employee=employee, hari_kerja=hari_kerja, predikat=predikat or "missing")
    result.penghasilan_tetap = penghasilan_tetap
    if employee.status in policy.not_paid_status:
        result.keterangan = f"status {employee.status}"
        result.lines.append(Line("status", note=result.keterangan))
        return result
    if month is not None:
        result.hari_dibayar = len(month.paid_days)
        result.lines.extend(price_days(policy, month.days, tz, t))
        result.lines.extend(
            Line("unpaid", day, note=t.unpaid % {"type": kind})
            for day, kind in month.unpaid_leave_days
        )
    if working_days:
        covered = set(month.paid_days) if month is not None else set()
        if month is not None and month.unpaid_leave_days:
            covered.update(day for day, _kind in month.unpaid_leave_days)
        if not covered.issuperset(working_days):
            result.lines.extend(
                Line("outside", day, note=t.outside) for day in working_days if day not in covered
            )
    total = sum((line.percent or ZERO for line in result.lines), ZERO)
    result.discipline_sum = total
    result.potongan_disiplin_persen = min(total, policy.cap)
    if total > policy.cap:
        result.lines.append(Line("cap", percent=policy.cap, note=t.cap))
    active = [s for s in sanctions if s.percent]
    result.sanction_percent = min(sum((s.percent for s in active), ZERO), HUNDRED)
    result.lines.extend(Line("sanction", percent=s.percent, note=s.jenis) for s in active)
    if penghasilan_tetap is not None:
        left = bpjs_room(policy.bpjs_cap, penghasilan_tetap)
        note = t.income % {"income": _thousands(penghasilan_tetap), "left": _thousands(left)}
        result.lines.append(Line("income", amount=penghasilan_tetap, note=note))
    _amounts(policy, rates or Rates.of(policy), result)
    return result


def bpjs_room(cap: int, penghasilan_tetap: int | None) -> int:
    """What is left of the BPJS cap for TPP once the salary took its share (tpp.md §5)."""
    return max(0, cap - (penghasilan_tetap or 0))


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _amounts(policy: Policy, rates: Rates, r: SlipResult) -> None:
    """tpp.md §5 with the rounding order of §6, exact (percents are in units of 1/10000)."""
    e = r.employee
    base = policy.base_for(jabatan=e.jabatan, kelas=e.kelas) or 0
    if r.hari_kerja <= 0 or r.hari_dibayar <= 0 or base <= 0:
        return
    # tpp_dasar = base × type% × paid/working, as num/den
    num = base * rates.type_percent.get(e.employee_type, 0) * r.hari_dibayar
    den = 10_000 * r.hari_kerja
    r.tpp_dasar = _rounded(num, den)
    kinerja = rates.weight_kinerja * rates.kinerja_percent.get(r.predikat, 0)
    r.kinerja = _rounded(num * kinerja, den * 10**8)
    keep = 10_000 - hundredths(r.potongan_disiplin_persen)
    r.disiplin = _rounded(num * rates.weight_disiplin * keep, den * 10**8)
    gross = r.kinerja + r.disiplin
    r.potongan_hukdis = _rounded(gross * hundredths(r.sanction_percent), 10_000)
    r.bruto = gross - r.potongan_hukdis
    tax = rates.tax_percent.get(tax_group(e.employee_type, e.golongan), 0)
    r.pph21 = _rounded(r.bruto * tax, 10_000)
    base_bpjs = min(r.bruto, bpjs_room(policy.bpjs_cap, r.penghasilan_tetap))
    r.iuran_bpjs = _rounded(base_bpjs * rates.bpjs_percent, 10_000)
    r.netto = r.bruto - r.pph21 - r.iuran_bpjs


def compute_all(
    *,
    policy: Policy,
    hari_kerja: int,
    employees: Sequence[EmployeeFacts],
    months: Mapping[int, MonthLike],
    predikat: Mapping[int, str],
    sanctions: Mapping[int, Sequence[SanctionFacts]],
    tz: ZoneInfo | None = None,
    working_days: Sequence[dt.date] = (),
    income: Mapping[int, int] | None = None,
) -> list[SlipResult]:
    """Slips for the employees, in NIP order. `income`: employee id -> penghasilan_tetap."""
    income = income or {}
    rates, text = Rates.of(policy), texts()
    return [
        compute_slip(
            policy=policy,
            employee=e,
            hari_kerja=hari_kerja,
            month=months.get(e.employee_id),
            predikat=predikat.get(e.employee_id),
            sanctions=sanctions.get(e.employee_id, ()),
            tz=tz,
            rates=rates,
            text=text,
            working_days=working_days,
            penghasilan_tetap=income.get(e.employee_id),
        )
        for e in sorted(employees, key=lambda e: e.nip)
    ]


def totals(results: Iterable[SlipResult]) -> dict[str, int]:
    sums = dict.fromkeys(MONEY_COLUMNS, 0)
    for r in results:
        for name in MONEY_COLUMNS:
            sums[name] += getattr(r, name)
    return sums
