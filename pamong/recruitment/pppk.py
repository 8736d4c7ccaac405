"""PPPK selection ranking (domain.md §7: technical, managerial, socio-cultural competence and
interview). The regulation's detail is UNCONFIRMED, so everything is configured per selection:
the components in their tie-break order, each with a weight (whole or Decimal, summing to
100) and an optional minimum (passing grade). Pure and exact like `ranking.py`:

1. a candidate passes when every component reaches its minimum;
2. final score = Σ weight × nilai / 100 (exact Decimal: at most 4 decimals with whole
   weights, 6 with weights of 2 decimals);
3. ranking of the passing candidates: final score, then each component in the configured
   order, then nilai pendidikan, then the older candidate, then `no_peserta` ascending;
4. the first `kuota` pass (L), the other ranked ones are TL; a candidate missing a component
   did not attend (TH); one below a minimum is TMS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Component:
    name: str
    weight: Decimal | int
    minimum: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    """The components of a PPPK selection, in tie-break order."""

    components: tuple[Component, ...]

    def __post_init__(self) -> None:
        names = [c.name for c in self.components]
        if not names or len(set(names)) != len(names):
            raise ValueError("components must be named once each")
        if sum(c.weight for c in self.components) != 100:
            raise ValueError("weights must sum to 100")


@dataclass(frozen=True)
class Applicant:
    no_peserta: str
    line_code: str
    birth_date: dt.date
    education: Decimal
    scores: Mapping[str, Decimal] = field(default_factory=dict)
    name: str = ""


@dataclass
class PppkResult:
    applicant: Applicant
    status: str = "TMS"
    final_exact: Decimal | None = None
    rank: int | None = None
    # the tie-break that separated this rank from the next one: "final", a component
    # name, "education", "older" or "no_peserta"
    decided_below: str | None = None

    @property
    def final(self) -> Decimal | None:
        if self.final_exact is None:
            return None
        return self.final_exact.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _criteria(scheme: Scheme) -> list[str]:
    return ["final", *(c.name for c in scheme.components), "education", "older", "no_peserta"]


def _values(scheme: Scheme, r: PppkResult) -> tuple[object, ...]:
    a = r.applicant
    assert r.final_exact is not None
    return (
        -r.final_exact,
        *(-a.scores[c.name] for c in scheme.components),
        -a.education,
        a.birth_date,
        a.no_peserta,
    )


def rank_pppk_line(scheme: Scheme, kuota: int, applicants: Iterable[Applicant]) -> list[PppkResult]:
    results = [PppkResult(a) for a in applicants]
    ranked: list[PppkResult] = []
    for r in results:
        scores = r.applicant.scores
        if any(c.name not in scores for c in scheme.components):
            r.status = "TH"
            continue
        if any(c.minimum is not None and scores[c.name] < c.minimum for c in scheme.components):
            r.status = "TMS"
            continue
        r.final_exact = sum(
            (c.weight * scores[c.name] for c in scheme.components), Decimal(0)
        ) / Decimal(100)
        ranked.append(r)
    ranked.sort(key=lambda r: _values(scheme, r))
    names = _criteria(scheme)
    for position, r in enumerate(ranked, start=1):
        r.rank = position
        r.status = "L" if position <= kuota else "TL"
    for above, below in zip(ranked, ranked[1:], strict=False):
        for name, x, y in zip(names, _values(scheme, above), _values(scheme, below), strict=True):
            if x != y:
                above.decided_below = name
                break
    others = sorted((r for r in results if r.rank is None), key=lambda r: r.applicant.no_peserta)
    return ranked + others


def parse_scheme(text: str) -> Scheme:
    """`teknis=50>=130;manajerial=20;sosiokultural=15;wawancara=15>=24` (minimum optional)."""
    components = []
    for part in text.split(";"):
        name, _sep, rest = part.partition("=")
        weight, _sep2, minimum = rest.partition(">=")
        components.append(
            Component(
                name.strip().lower(),
                int(weight),
                Decimal(minimum.strip()) if minimum.strip() else None,
            )
        )
    return Scheme(tuple(components))
