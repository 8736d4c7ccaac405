"""Ranking of an open JPT selection (PermenPANRB 15/2019), pure and DB-free.

A candidate's stage score is the mean of the committee members' scores (0-100, two decimals,
half up); the total is the weighted mean of the stage scores with the selection's weights.
Candidates of one post are ranked by total, then by the stage scores in the selection's
tie-break order; those still equal share a rank. The best three are proposed (PPK picks one);
a tie across third place cannot be proposed until the committee writes another criterion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ASESMEN, MAKALAH, WAWANCARA, REKAM_JEJAK = "asesmen", "makalah", "wawancara", "rekam_jejak"
STAGES = [ASESMEN, MAKALAH, WAWANCARA, REKAM_JEJAK]
STAGE_LABELS = {
    ASESMEN: _("uji kompetensi (asesmen)"),
    MAKALAH: _("penulisan dan presentasi makalah"),
    WAWANCARA: _("wawancara"),
    REKAM_JEJAK: _("penelusuran rekam jejak"),
}
# The regulation leaves weights to the committee: defaults, marked as such in the UI.
DEFAULT_WEIGHTS = {ASESMEN: 40, MAKALAH: 20, WAWANCARA: 30, REKAM_JEJAK: 10}
DEFAULT_TIE_BREAK = [ASESMEN, WAWANCARA, MAKALAH, REKAM_JEJAK]
PROPOSED = 3
CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Ranked:
    key: int
    total: Decimal
    stages: dict[str, Decimal]
    rank: int = 0
    proposed: bool = False
    reason: str = ""


@dataclass
class PostResult:
    ranked: list[Ranked] = field(default_factory=list)
    unresolved: list[int] = field(default_factory=list)  # keys tied across third place


def stage_scores(scores: Mapping[str, Sequence[Decimal]]) -> dict[str, Decimal]:
    return {s: q2(sum(v, Decimal(0)) / len(v)) for s, v in scores.items() if v}


def total(stages: Mapping[str, Decimal], weights: Mapping[str, int]) -> Decimal:
    used = {s: w for s, w in weights.items() if w > 0}
    weight_sum = sum(used.values())
    return q2(sum((Decimal(w) * stages[s] for s, w in used.items()), Decimal(0)) / weight_sum)


def rank_post(
    candidates: Mapping[int, Mapping[str, Sequence[Decimal]]],
    weights: Mapping[str, int],
    tie_break: Sequence[str],
) -> PostResult:
    """Rank the admin-passed candidates of one post (key -> stage -> member scores)."""
    rows = []
    for key, scores in candidates.items():
        stages = stage_scores(scores)
        rows.append(Ranked(key, total(stages, weights), stages))

    def sort_key(r: Ranked) -> tuple[Decimal, ...]:
        return (r.total, *(r.stages.get(s, Decimal(-1)) for s in tie_break))

    rows.sort(key=sort_key, reverse=True)
    result = PostResult(rows)
    for i, row in enumerate(rows):
        before = rows[i - 1] if i else None
        if before is not None and sort_key(before) == sort_key(row):
            row.rank = before.rank
            row.reason = str(_("sama dengan peringkat %(r)s pada semua kriteria") % {"r": row.rank})
        else:
            row.rank = i + 1
            if before is not None and before.total == row.total:
                stage = next(s for s in tie_break if before.stages.get(s) != row.stages.get(s))
                row.reason = str(
                    _("nilai akhir sama; kalah pada %(s)s") % {"s": STAGE_LABELS.get(stage, stage)}
                )
        row.proposed = row.rank <= PROPOSED
    # A tie that straddles third place would propose more than three: leave it to the committee.
    if len([r for r in rows if r.proposed]) > PROPOSED:
        last = max(r.rank for r in rows if r.proposed)
        result.unresolved = [r.key for r in rows if r.rank == last]
    return result
