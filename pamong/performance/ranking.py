"""Units ranked by achievement for the annual evaluation meeting, with a server-side bar chart.

Achievement is the mean of the employees' predikat on the §1.8 conversion scale (Sangat Baik
150, Baik 100, Butuh Perbaikan 75, Kurang 50, Sangat Kurang 25), so 100 means "as expected".

Public participation (IKM from the SKM survey and complaint handling, same period) is shown
beside each OPD for the meeting to read, never folded into the score or the order.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pamong.core.models import Tenant
from pamong.core.permissions import has_perm, opds_in_view, sees_all
from pamong.core.web import previous_month
from pamong.core.web import tenant_actor as actor_of
from pamong.org.models import Unit
from pamong.participation.stats import UnitParticipation, units_participation
from pamong.performance.followup import ANY_PERIOD_RE, VIEW_ALL
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import Predikat

SCALE: dict[str, int] = {
    Predikat.SANGAT_BAIK: 150,
    Predikat.BAIK: 100,
    Predikat.BUTUH_PERBAIKAN: 75,
    Predikat.KURANG: 50,
    Predikat.SANGAT_KURANG: 25,
}


@dataclass
class UnitScore:
    unit: Unit
    counts: dict[str, int] = field(default_factory=dict)
    org_predikat: UnitPredikat | None = None
    participation: UnitParticipation | None = None  # OPDs only

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def score(self) -> Decimal | None:
        if not self.rated:
            return None
        points = sum(SCALE[p] * n for p, n in self.counts.items())
        return (Decimal(points) / self.rated).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def baik_or_better(self) -> int:
        """Whole percent rated Baik or Sangat Baik."""
        good = self.counts.get(Predikat.BAIK, 0) + self.counts.get(Predikat.SANGAT_BAIK, 0)
        return (200 * good + self.rated) // (2 * self.rated) if self.rated else 0


def period_dates(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a rating period: YYYY, YYYY-MM, YYYY-Qn or YYYY-Sn."""
    year, _sep, part = period.partition("-")
    y = int(year)
    if not part:
        first, last = 1, 12
    elif part[0] == "Q":
        first = 3 * int(part[1]) - 2
        last = first + 2
    elif part[0] == "S":
        first = 6 * int(part[1]) - 5
        last = first + 5
    else:
        first = last = int(part)
    end = dt.date(y + 1, 1, 1) if last == 12 else dt.date(y, last + 1, 1)
    return dt.date(y, first, 1), end - dt.timedelta(days=1)


def participation_by_opd(
    tenant: Tenant, opd_ids: list[int], period: str
) -> dict[int, UnitParticipation]:
    """Public participation of the OPDs over the rating period (a constant number of queries)."""
    date_from, date_to = period_dates(period)
    return units_participation(tenant, opd_ids, date_from, date_to)


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Highest score first; units without ratings last; ties by unit code."""
    return sorted(scores, key=lambda s: (s.score is None, -(s.score or 0), s.unit.code))


def _axis(scores: list[Decimal]) -> tuple[int, int, int]:
    """(low, high, tick step) of the chart's axis: around the scores and 100, not from zero,
    so that 90 and 103 look different; whole steps so the ticks are round numbers."""
    low = math.floor(min([*scores, Decimal(100)]))
    high = math.ceil(max([*scores, Decimal(100)]))
    step = 5 if high - low <= 30 else 10 if high - low <= 60 else 25
    lo = max(0, (low - step // 2) // step * step)
    hi = -(-(high + step // 2) // step) * step
    return lo, hi, step


def chart(ranked: list[UnitScore]) -> dict[str, Any]:
    """Bars as percentages of an axis that starts near the lowest score (labelled ticks and
    the 100 line tell the reader where it starts); units without ratings get no bar."""
    lo, hi, step = _axis([s.score for s in ranked if s.score is not None])

    def pct(value: Decimal | int) -> str:
        return f"{(Decimal(value) - lo) * 100 / (hi - lo):.2f}"

    scored = [s for s in ranked if s.score is not None]
    return {
        "bars": [
            {
                "label": s.unit.name,
                "score": s.score,
                "pct": pct(s.score) if s.score is not None else None,
            }
            for s in ranked
        ],
        "ticks": [{"value": v, "pct": pct(v)} for v in range(lo, hi + 1, step)],
        "axis_low": lo,
        "axis_high": hi,
        "reference_pct": pct(100),
        "top": scored[0] if scored else None,
        "bottom": scored[-1] if len(scored) > 1 else None,
    }


def _scores(
    actor_tenant: Tenant, units: list[Unit], period: str, opd: Unit | None
) -> list[UnitScore]:
    scores = {u.pk: UnitScore(u) for u in units}
    ratings = Rating.objects.filter(tenant=actor_tenant, period=period)
    if opd is None:
        # One grouped query over the OPD column.
        for opd_id, predikat, n in (
            ratings.values_list("employee__opd_id", "predikat").annotate(n=Count("id")).order_by()
        ):
            if opd_id in scores:
                scores[opd_id].counts[predikat] = scores[opd_id].counts.get(predikat, 0) + n
    else:
        # Child units of one OPD: group by unit path, then fold each path onto its child.
        by_path = {u.path: u.pk for u in units}
        grouped = (
            ratings.filter(employee__opd_id=opd.pk)
            .values_list("employee__unit__path", "predikat")
            .annotate(n=Count("id"))
            .order_by()
        )
        for path, predikat, n in grouped:
            top = "/".join(path.split("/")[: opd.depth + 2])
            if top in by_path:
                counts = scores[by_path[top]].counts
                counts[predikat] = counts.get(predikat, 0) + n
    for up in UnitPredikat.objects.filter(tenant=actor_tenant, period=period, unit__in=units):
        scores[up.unit_id].org_predikat = up
    return list(scores.values())


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not (has_perm(actor, VIEW_ALL) or actor.is_opd_head):
        raise PermissionDenied
    period = request.GET.get("period") or previous_month(actor)
    if not ANY_PERIOD_RE.match(period):
        period = previous_month(actor)
    opd = None
    if request.GET.get("opd"):
        try:
            opd = Unit.objects.get(tenant=actor.tenant, pk=int(request.GET["opd"]), parent=None)
        except (ValueError, Unit.DoesNotExist) as exc:
            raise Http404 from exc
        allowed = opds_in_view(actor, VIEW_ALL)
        if not (allowed is None or opd.pk in allowed):
            raise PermissionDenied
        units = list(Unit.objects.filter(tenant=actor.tenant, parent=opd).order_by("code"))
    else:
        units = list(Unit.objects.filter(tenant=actor.tenant, parent=None).order_by("code"))
    assert actor.tenant is not None
    ranked = rank(_scores(actor.tenant, units, period, opd))
    if opd is None:
        participation = participation_by_opd(actor.tenant, [u.pk for u in units], period)
        for s in ranked:
            s.participation = participation.get(s.unit.pk)
        opd_participation = None
    else:
        opd_participation = participation_by_opd(actor.tenant, [opd.pk], period)[opd.pk]
    context = {
        "period": period,
        "opd": opd,
        "opd_participation": opd_participation,
        "ranked": ranked,
        "chart": chart(ranked),
        "can_drill": opd is None,
        "my_opds": actor.opd_ids,
        "view_all": sees_all(actor, VIEW_ALL),
    }
    return render(request, "performance/ranking.html", context)
