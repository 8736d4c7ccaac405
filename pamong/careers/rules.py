"""Career rules of domain.md §6, pure (no database): KP periods by date of effect, the
KP time and predikat conditions, the education ceiling, the KGB rhythm.

Every rule carries its source and the date it took effect so pages can show them. Rules that
domain.md does not confirm are tenant settings (`careers.settings`); their defaults live
here and are marked `confirmed=False`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pamong.org.models import PNS_GOLONGAN


@dataclass(frozen=True)
class RuleSource:
    """Where a rule comes from and since when it applies."""

    text: str | Promise
    source: str | Promise
    effective_from: dt.date | None
    confirmed: bool = True


# --- KP periods (domain.md §6: PP 99/2000, Perban BKN 4/2023, Perban BKN 4/2025) ----------


@dataclass(frozen=True)
class PeriodRegime:
    months: tuple[int, ...]
    rule: RuleSource
    starts: dt.date  # first day the regime applies (inclusive)


KP_REGIMES: tuple[PeriodRegime, ...] = (
    PeriodRegime(
        months=(4, 10),
        rule=RuleSource(_("2 periode: 1 April dan 1 Oktober"), "PP 99/2000 jo PP 12/2002", None),
        starts=dt.date(1900, 1, 1),
    ),
    PeriodRegime(
        months=(2, 4, 6, 8, 10, 12),
        rule=RuleSource(
            _("6 periode: 1 Februari, April, Juni, Agustus, Oktober, Desember"),
            "Perban BKN 4/2023",
            dt.date(2024, 1, 1),
        ),
        starts=dt.date(2024, 1, 1),
    ),
    PeriodRegime(
        months=tuple(range(1, 13)),
        rule=RuleSource(
            _("12 periode: tanggal 1 setiap bulan"), "Perban BKN 4/2025", dt.date(2025, 10, 1)
        ),
        starts=dt.date(2025, 10, 1),
    ),
)


def regime_on(day: dt.date) -> PeriodRegime:
    """The KP period rule in force on `day`."""
    current = KP_REGIMES[0]
    for regime in KP_REGIMES:
        if regime.starts <= day:
            current = regime
    return current


def is_kp_period(day: dt.date) -> bool:
    return day.day == 1 and day.month in regime_on(day).months


def kp_periods(start: dt.date, end: dt.date) -> list[dt.date]:
    """KP period dates in [start, end], each under the rule in force on that date."""
    out: list[dt.date] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = dt.date(year, month, 1)
        if start <= day <= end and is_kp_period(day):
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def next_kp_period(on_or_after: dt.date) -> dt.date:
    """The first KP period on or after the given date."""
    day = on_or_after
    if day.day != 1:
        day = add_months(day.replace(day=1), 1)
    while not is_kp_period(day):
        day = add_months(day, 1)
    return day


# --- calendar arithmetic ---------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; a day that does not exist rolls to the 1st of the next month.

    29 February + 24 months is 1 March: the full period of service ends with 28 February.
    """
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day > last:
        return dt.date(year, month, last) + dt.timedelta(days=1)
    return dt.date(year, month, day.day)


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


# --- KP reguler conditions -----------------------------------------------------------------

KP_YEARS_RULE = RuleSource(
    _("Paling singkat 4 tahun dalam pangkat terakhir"), "PP 99/2000 jo PP 12/2002", None
)
KP_PREDIKAT_RULE = RuleSource(
    _("Predikat kinerja paling rendah Baik dalam 2 tahun terakhir"),
    "PP 99/2000; PP 30/2019",
    None,
)
KP_CEILING_RULE = RuleSource(
    _("KP reguler boleh melebihi pangkat atasan, sampai pangkat tertinggi menurut pendidikan"),
    "Perban BKN 2/2025",
    dt.date(2025, 5, 20),
)
KP_SANCTION_RULE = RuleSource(
    _("Pegawai yang sedang menjalani hukuman disiplin tidak diusulkan"),
    _("pengaturan pemda (bawaan belum terkonfirmasi)"),
    None,
    confirmed=False,
)
GOOD_PREDIKAT = frozenset({"baik", "sangat_baik"})

# Highest golongan reachable by KP reguler per education. domain.md gives no table: this is
# the commonly used PP 99/2000 ceiling, an UNCONFIRMED default that each tenant can change.
DEFAULT_EDUCATION_CEILING: dict[str, str] = {
    "SD": "II/a",
    "SMP": "II/c",
    "SLTA": "III/b",
    "D1": "III/b",
    "D2": "III/b",
    "D3": "III/c",
    "D4": "III/d",
    "S1": "III/d",
    "S2": "IV/a",
    "S3": "IV/b",
}


_RANK = {g: i for i, g in enumerate(PNS_GOLONGAN)}
_NEXT = dict(zip(PNS_GOLONGAN, PNS_GOLONGAN[1:], strict=False))


def golongan_rank(golongan: str) -> int:
    """Position on the PNS scale (I/a = 0 … IV/e = 16); -1 for an unknown value."""
    return _RANK.get(golongan, -1)


def next_golongan(golongan: str) -> str | None:
    return _NEXT.get(golongan)


def kp_years_cutoff(period: dt.date, years: int) -> dt.date:
    """The latest TMT pangkat that has served `years` full years by the period date."""
    return add_years(period, -years)


def predikat_years(period: dt.date) -> tuple[int, int]:
    """The two completed years whose annual predikat count for a KP period."""
    return (period.year - 1, period.year - 2)


@dataclass(frozen=True, slots=True)
class KpFacts:
    golongan: str
    education: str
    tmt_pangkat: dt.date | None
    predikat: Sequence[str | None]  # one per year of predikat_years, newest first
    sanction_active: bool
    documents_missing: int | None  # None: no file yet


@dataclass(frozen=True, slots=True)
class KpVerdict:
    target: str | None
    blockers: tuple[str, ...]  # reasons that stop the KP (predikat, sanction, ceiling)
    documents_ok: bool

    @property
    def ready(self) -> bool:
        return not self.blockers and self.documents_ok


KP_MESSAGES = {
    "top": _("sudah di golongan tertinggi"),
    "no_education": _("pendidikan terakhir belum diisi"),
    "ceiling": _("batas pangkat pendidikan %(edu)s adalah %(limit)s"),
    "no_predikat": _("predikat tahun %(year)s belum ada"),
    "weak_predikat": _("predikat tahun %(year)s di bawah Baik"),
    "sanction": _("sedang menjalani hukuman disiplin"),
}


def kp_texts() -> dict[str, str]:
    """The blocker messages in the active language, resolved once per list."""
    return {key: str(value) for key, value in KP_MESSAGES.items()}


def kp_verdict(
    facts: KpFacts,
    *,
    years: Sequence[int],
    ceiling: dict[str, str],
    sanction_blocks: bool = True,
    texts: dict[str, str] | None = None,
) -> KpVerdict:
    """Why an employee whose time has come may or may not be promoted in a period."""
    t = texts or kp_texts()
    blockers: list[str] = []
    target = next_golongan(facts.golongan)
    if target is None:
        blockers.append(t["top"])
    limit = ceiling.get(facts.education)
    if not facts.education:
        blockers.append(t["no_education"])
    elif limit and target and golongan_rank(target) > golongan_rank(limit):
        blockers.append(t["ceiling"] % {"edu": facts.education, "limit": limit})
    for year, value in zip(years, facts.predikat, strict=True):
        if value is None:
            blockers.append(t["no_predikat"] % {"year": year})
        elif value not in GOOD_PREDIKAT:
            blockers.append(t["weak_predikat"] % {"year": year})
    if facts.sanction_active and sanction_blocks:
        blockers.append(t["sanction"])
    documents_ok = facts.documents_missing == 0
    return KpVerdict(target=target, blockers=tuple(blockers), documents_ok=documents_ok)


def below_ceiling(ceiling: dict[str, str]) -> dict[str, list[str]]:
    """Per education, the golongan from which a KP reguler stays within the ceiling."""
    out: dict[str, list[str]] = {}
    for edu, limit in ceiling.items():
        rank = golongan_rank(limit)
        out[edu] = PNS_GOLONGAN[:rank] if rank > 0 else []
    return out


# --- KGB (PP 7/1977 as amended) --------------------------------------------------------------

KGB_RHYTHM_RULE = RuleSource(
    _("Kenaikan gaji berkala setiap 2 tahun masa kerja golongan"),
    "PP 7/1977 s.t.d.t.d. PP 5/2024",
    dt.date(2024, 1, 1),
)
KGB_PREDIKAT_RULE = RuleSource(
    _("Ditunda paling lama 1 tahun bila kinerja tidak memadai (praktik: predikat Baik)"),
    _("PP 7/1977; ambang predikat = pengaturan pemda (belum terkonfirmasi)"),
    None,
    confirmed=False,
)
KGB_STEP_YEARS = 2
KGB_MAX_POSTPONE_MONTHS = 12


def next_kgb(tmt_kgb: dt.date, postponed_months: int = 0) -> dt.date:
    return add_months(tmt_kgb, 12 * KGB_STEP_YEARS + postponed_months)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - dt.timedelta(days=1)


def predikat_adequate(value: str | None, minimum: Iterable[str]) -> bool:
    return value is not None and value in set(minimum)
