"""Talent mapping (PermenPANRB 3/2020, domain.md §6): the 9-box of kinerja (X) x potensi (Y).

Pure rules. How predikat and assessment scores become the three levels of each axis is not
in domain.md: the points, weights and cut-offs are tenant settings with UNCONFIRMED defaults.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from pamong.careers.rules import RuleSource

LOW, MID, HIGH = 1, 2, 3

# (kinerja level, potensi level) -> box, the numbering of domain.md §6.
BOX: dict[tuple[int, int], int] = {
    (LOW, LOW): 1, (MID, LOW): 2, (HIGH, LOW): 4,
    (LOW, MID): 3, (MID, MID): 5, (HIGH, MID): 7,
    (LOW, HIGH): 6, (MID, HIGH): 8, (HIGH, HIGH): 9,
}  # fmt: skip
# Rows of the grid from the top (potensi tinggi) down, columns kinerja low -> high.
GRID_ROWS: list[list[int]] = [[6, 8, 9], [3, 5, 7], [1, 2, 4]]
SUCCESSION_POOL = frozenset({7, 8, 9})

BOX_ACTION = {
    9: _("promosi / suksesi"),
    8: _("pengembangan dipercepat / rotasi"),
    7: _("pengembangan dipercepat / rotasi"),
    6: _("pengembangan / coaching"),
    5: _("pengembangan / coaching"),
    4: _("pengembangan / coaching"),
    3: _("perbaikan kinerja, rotasi"),
    2: _("perbaikan kinerja, rotasi"),
    1: _("perbaikan kinerja; pertimbangkan sanksi"),
}
NINE_BOX_RULE = RuleSource(
    _("Kotak 9 kinerja x potensi; kotak 7-9 kelompok rencana suksesi"),
    "PermenPANRB 3/2020",
    None,
)
AXIS_RULE = RuleSource(
    _("Poin predikat, bobot tahun dan batas tingkat kinerja/potensi"),
    _("pengaturan pemda (bawaan belum terkonfirmasi)"),
    None,
    confirmed=False,
)
ACTION_RULE = RuleSource(
    _("Tindak lanjut yang lazim per kotak"), _("praktik umum (belum terkonfirmasi)"), None,
    confirmed=False,
)  # fmt: skip

DEFAULT_PREDIKAT_POINTS = {
    "sangat_baik": 3, "baik": 2, "butuh_perbaikan": 1, "kurang": 1, "sangat_kurang": 1,
}  # fmt: skip
DEFAULT_YEAR_WEIGHTS = [60, 40]  # last completed year first
DEFAULT_PERFORMANCE_CUTS = ["2.50", "1.50"]  # >= high, >= mid (weighted points)
DEFAULT_POTENTIAL_CUTS = ["80", "65"]  # >= high, >= mid (assessment score 0-100)


def level(value: Decimal, cuts: Sequence[str | Decimal]) -> int:
    high, mid = (Decimal(c) for c in cuts)
    return HIGH if value >= high else MID if value >= mid else LOW


def performance_score(
    predikat: Sequence[str | None], weights: Sequence[int], points: Mapping[str, int]
) -> Decimal | None:
    """Weighted mean of the predikat points; years without a predikat drop out of the mean."""
    total = Decimal(0)
    weight = 0
    for value, w in zip(predikat, weights, strict=True):
        if value is None or w <= 0:
            continue
        total += Decimal(points.get(value, 1)) * w
        weight += w
    if weight == 0:
        return None
    return (total / weight).quantize(Decimal("0.01"))


def box_for(performance: int, potential: int) -> int:
    return BOX[(performance, potential)]
