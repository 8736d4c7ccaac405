"""CASN selection ranking, exactly as spec/selection.md says. Pure: no database, no floats.

Input: formasi lines and candidates (with their SKB marks). Output: one `Result` per
candidate with the SKD order, the invitation, the SKB and final scores, the rank, the status
and the tie-break step that separated each ranked candidate from its neighbours.

Exactness: the SKB score Σ weight × nilai / 100 has at most 4 decimals, so it is an exact
Decimal. The final score 40 × skd / 550 + 0.6 × skb is rational; multiplied by 55,000 it is
`4000 × skd + 33000 × skb`, again an exact Decimal, which is what we sort on. Printing rounds
that exact value half-up with integer arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum

JALUR = (
    "umum",
    "cumlaude",
    "diaspora",
    "disabilitas",
    "putra_papua",
    "daerah_tertinggal",
    "kalimantan",
)

TWK_MAX, TIU_MAX, TKP_MAX = 150, 175, 225
SKD_MAX = TWK_MAX + TIU_MAX + TKP_MAX  # 550
INVITE_FACTOR = 3
# final × FINAL_SCALE = 4000 × skd + 33000 × skb (both exact)
FINAL_SCALE = 55000


class Step(IntEnum):
    """Steps of the final ranking (spec step 6), in order."""

    FINAL = 1
    SKD_TOTAL = 2
    TKP = 3
    TIU = 4
    TWK = 5
    EDUCATION = 6
    OLDER = 7
    NO_PESERTA = 8


class Status:
    PASSED = "L"
    RANKED_OUT = "TL"
    ABSENT = "TH"
    NOT_INVITED = "TSKB"
    FAILED_PG = "TMS"


@dataclass(frozen=True)
class Line:
    code: str
    jalur: str
    kuota: int
    # (component, integer weight), weights sum to 100
    weights: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Candidate:
    no_peserta: str
    line_code: str
    twk: int
    tiu: int
    tkp: int
    education: Decimal
    birth_date: dt.date
    # component -> nilai; empty when the candidate did not sit the SKB
    skb: Mapping[str, Decimal] = field(default_factory=dict)
    name: str = ""

    @property
    def skd_total(self) -> int:
        return self.twk + self.tiu + self.tkp


@dataclass
class Result:
    candidate: Candidate
    skd_total: int
    passes_pg: bool
    skd_rank: int | None = None
    invited: bool = False
    skb_exact: Decimal | None = None
    final_scaled: Decimal | None = None  # final score × FINAL_SCALE, exact
    rank: int | None = None
    status: str = Status.FAILED_PG
    # the step that separated this candidate from the one ranked just above / below
    step_above: Step | None = None
    step_below: Step | None = None
    # SKB rows given for a candidate who was not invited (ignored, with a warning)
    ignored_skb: bool = False
    # the SKD order of step 3, then no_peserta (computed once: sorting is the hot path)
    skd_key: tuple[int, int, int, int, str] = (0, 0, 0, 0, "")

    @property
    def skb(self) -> Decimal | None:
        """The SKB score rounded half-up to 2 decimals (for printing)."""
        if self.skb_exact is None:
            return None
        return self.skb_exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def final(self) -> Decimal | None:
        """The final score rounded half-up to 3 decimals (for printing)."""
        if self.final_scaled is None:
            return None
        return round_final(self.final_scaled)


def round_final(final_scaled: Decimal) -> Decimal:
    """final_scaled / 55,000 rounded half-up to 3 decimals, in integer arithmetic."""
    # final_scaled has at most 4 decimals (skb has 4): make it an integer first.
    numerator = int(final_scaled * 10000)
    denominator = FINAL_SCALE * 10000 // 1000  # = final × 1000 denominator
    thousandths = (2 * numerator + denominator) // (2 * denominator)
    return Decimal(thousandths).scaleb(-3)


def passes_grade(jalur: str, twk: int, tiu: int, tkp: int) -> bool:
    """Spec step 2: the passing grade of the line's jalur."""
    total = twk + tiu + tkp
    if jalur in ("umum", "kalimantan"):
        return twk >= 65 and tiu >= 80 and tkp >= 166
    if jalur in ("cumlaude", "diaspora"):
        return total >= 311 and tiu >= 85
    if jalur in ("disabilitas", "putra_papua", "daerah_tertinggal"):
        return total >= 286 and tiu >= 60
    raise ValueError(f"unknown jalur {jalur!r}")


def skb_score(weights: Iterable[tuple[str, int]], marks: Mapping[str, Decimal]) -> Decimal:
    """Spec step 4: Σ weight × nilai / 100, exact."""
    return sum((weight * marks[name] for name, weight in weights), Decimal(0)) / 100


def final_scaled(skd_total: int, skb: Decimal) -> Decimal:
    """Spec step 5 times 55,000: 40 × skd / 550 + 0.6 × skb  →  4000 × skd + 33000 × skb."""
    return 4000 * skd_total + 33000 * skb


def _final_values(r: Result) -> tuple[Decimal, int, int, int, int, Decimal, dt.date, str]:
    """The values compared at steps 1-8, each oriented so that smaller sorts first."""
    c = r.candidate
    assert r.final_scaled is not None
    return (
        -r.final_scaled,
        -r.skd_total,
        -c.tkp,
        -c.tiu,
        -c.twk,
        -c.education,
        c.birth_date,  # earlier (older) first
        c.no_peserta,
    )


def _deciding_step(a: Result, b: Result) -> Step:
    for step, (x, y) in enumerate(zip(_final_values(a), _final_values(b), strict=True), start=1):
        if x != y:
            return Step(step)
    return Step.NO_PESERTA  # only the same candidate compares equal everywhere


def rank_line(line: Line, candidates: Iterable[Candidate]) -> list[Result]:
    """Rank one formasi line. Returns the rows in the order of the output file."""
    results = []
    for c in candidates:
        total = c.twk + c.tiu + c.tkp
        r = Result(c, total, passes_grade(line.jalur, c.twk, c.tiu, c.tkp))
        r.skd_key = (-total, -c.tkp, -c.tiu, -c.twk, c.no_peserta)
        results.append(r)
    passing = sorted((r for r in results if r.passes_pg), key=lambda r: r.skd_key)
    for position, r in enumerate(passing, start=1):
        r.skd_rank = position
    limit = INVITE_FACTOR * line.kuota
    if passing:
        cut_key = passing[min(limit, len(passing)) - 1].skd_key[:4]
        for position, r in enumerate(passing, start=1):
            # Pamong's rule: ties with the last invited one are invited too
            r.invited = position <= limit or r.skd_key[:4] == cut_key
    ranked: list[Result] = []
    for r in results:
        c = r.candidate
        if not r.passes_pg:
            r.status = Status.FAILED_PG
            r.ignored_skb = bool(c.skb)
        elif not r.invited:
            r.status = Status.NOT_INVITED
            r.ignored_skb = bool(c.skb)
        elif not c.skb:
            r.status = Status.ABSENT
        else:
            r.skb_exact = skb_score(line.weights, c.skb)
            r.final_scaled = final_scaled(c.skd_total, r.skb_exact)
            ranked.append(r)
    ranked.sort(key=_final_values)
    for position, r in enumerate(ranked, start=1):
        r.rank = position
        r.status = Status.PASSED if position <= line.kuota else Status.RANKED_OUT
    for above, below in zip(ranked, ranked[1:], strict=False):
        step = _deciding_step(above, below)
        above.step_below = step
        below.step_above = step
    others = sorted((r for r in results if r.rank is None), key=lambda r: r.skd_key)
    return ranked + others


def rank_selection(lines: Iterable[Line], candidates: Iterable[Candidate]) -> list[Result]:
    """Every candidate of the selection, ordered by kode_formasi (as text), then per line."""
    by_line: dict[str, list[Candidate]] = defaultdict(list)
    for c in candidates:
        by_line[c.line_code].append(c)
    out: list[Result] = []
    for line in sorted(lines, key=lambda ln: ln.code):
        out.extend(rank_line(line, by_line.get(line.code, ())))
    return out
