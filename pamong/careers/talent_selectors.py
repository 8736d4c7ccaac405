"""The 9-box grid (set-based): one query for the employees with their predikat per year, their
latest assessment score and any talent-review move, then pure placement in Python."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from pamong.careers import talent
from pamong.careers.models import AssessmentResult, TalentMove
from pamong.careers.selectors import employees_in_scope, settings_for
from pamong.core.actor import Actor
from pamong.org.models import EmployeeStatus
from pamong.performance.selectors import annual_predikat


@dataclass
class Placement:
    employee_id: int
    nip: str
    name: str
    opd: str
    position: str
    position_kind: str
    golongan: str
    predikat: list[str | None]
    performance: Decimal | None
    potential: Decimal | None
    computed_box: int | None
    box: int | None  # after a talent-review move
    moved: bool


@dataclass
class Grid:
    year: int
    years: list[int]
    placements: list[Placement]
    counts: dict[int, int]
    unplaced: int


def nine_box(
    actor: Actor,
    year: int,
    *,
    opd_id: int | None = None,
    position_kind: str | None = None,
) -> Grid:
    """Place every active employee in scope for the talent review of `year`."""
    assert actor.tenant is not None
    tenant = actor.tenant
    config = settings_for(tenant)
    weights = [int(w) for w in config.talent_weights]
    years = [year - 1 - i for i in range(len(weights))]
    qs = employees_in_scope(actor).filter(status=EmployeeStatus.AKTIF)
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    if position_kind:
        qs = qs.filter(position__kind=position_kind)
    annotations = {f"p{i}": annual_predikat(tenant, y) for i, y in enumerate(years)}
    potential = Subquery(
        AssessmentResult.objects.filter(tenant=tenant, employee_id=OuterRef("pk"))
        .order_by("-assessed_on", "-id")
        .values("score")[:1]
    )
    moved = Subquery(
        TalentMove.objects.filter(tenant=tenant, employee_id=OuterRef("pk"), year=year).values(
            "to_box"
        )[:1]
    )
    rows = (
        qs.annotate(**annotations, potential=potential, moved_box=moved)
        .order_by("opd__code", "name", "nip")
        .values(
            "id",
            "nip",
            "name",
            "opd__name",
            "position__name",
            "position__kind",
            "golongan",
            "potential",
            "moved_box",
            *annotations,
        )  # fmt: skip
    )
    placements: list[Placement] = []
    counts = dict.fromkeys(range(1, 10), 0)
    unplaced = 0
    for r in rows:
        predikat = [r[f"p{i}"] for i in range(len(years))]
        perf = talent.performance_score(predikat, weights, config.talent_points)
        pot = r["potential"]
        computed = None
        if perf is not None and pot is not None:
            computed = talent.box_for(
                talent.level(perf, config.performance_cuts),
                talent.level(Decimal(pot), config.potential_cuts),
            )
        box = r["moved_box"] or computed
        if box is None:
            unplaced += 1
        else:
            counts[box] += 1
        placements.append(
            Placement(
                employee_id=r["id"],
                nip=r["nip"],
                name=r["name"],
                opd=r["opd__name"] or "",
                position=r["position__name"],
                position_kind=r["position__kind"],
                golongan=r["golongan"],
                predikat=predikat,
                performance=perf,
                potential=Decimal(pot) if pot is not None else None,
                computed_box=computed,
                box=box,
                moved=r["moved_box"] is not None,
            )  # fmt: skip
        )
    return Grid(year=year, years=years, placements=placements, counts=counts, unplaced=unplaced)
