"""The 9-box grid (set-based). One narrow query places every employee in scope (predikat per
year, latest assessment score, any talent-review move); the box of a combination is computed
once. A second query reads the details of the employees of the box being drilled into."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from pamong.careers import talent
from pamong.careers.models import AssessmentResult, TalentMove
from pamong.careers.selectors import employees_in_scope, fast_plan, settings_for
from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.org.models import EmployeeStatus
from pamong.performance.selectors import with_annual_predikat

DRILL_LIMIT = 200


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
    predikat_labels: list[str] = field(default_factory=list)


@dataclass
class Grid:
    year: int
    years: list[int]
    boxes: dict[int, int | None]  # employee id -> box (None: not placeable yet)
    counts: dict[int, int]
    unplaced: int
    drill: list[Placement]  # the employees of the requested box (first DRILL_LIMIT)


def nine_box(
    actor: Actor,
    year: int,
    *,
    opd_id: int | None = None,
    position_kind: str | None = None,
    box: int | None = None,
) -> Grid:
    """Place every active employee in scope for the talent review of `year`."""
    assert actor.tenant is not None
    tenant = actor.tenant
    config = settings_for(tenant)
    weights = [int(w) for w in config.talent_weights]
    points = config.talent_points
    years = [year - 1 - i for i in range(len(weights))]
    qs = employees_in_scope(actor).filter(status=EmployeeStatus.AKTIF)
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    if position_kind:
        qs = qs.filter(position__kind=position_kind)
    names = [f"p{i}" for i in range(len(years))]
    perf_cuts = [Decimal(c) for c in config.performance_cuts]
    pot_cuts = [Decimal(c) for c in config.potential_cuts]
    perf_level: dict[tuple[str | None, ...], int | None] = {}
    with fast_plan():
        rows = list(with_annual_predikat(qs, tenant, years).values_list("id", *names))
    potential = latest_scores(tenant)
    moves = dict(
        TalentMove.objects.filter(tenant=tenant, year=year).values_list("employee_id", "to_box")
    )
    boxes: dict[int, int | None] = {}
    counts = dict.fromkeys(range(1, 10), 0)
    unplaced = 0
    for pk, *predikat in rows:
        pot = potential.get(pk)
        moved_box = moves.get(pk)
        key = tuple(predikat)
        if key not in perf_level:
            score = talent.performance_score(predikat, weights, points)
            perf_level[key] = None if score is None else talent.level(score, perf_cuts)
        level = perf_level[key]
        computed = None
        if level is not None and pot is not None:
            computed = talent.box_for(level, talent.level(Decimal(pot), pot_cuts))
        placed = moved_box or computed
        boxes[pk] = placed
        if placed is None:
            unplaced += 1
        else:
            counts[placed] += 1
    drill = _details(actor, year, years, [k for k, b in boxes.items() if b == box], config)
    return Grid(year, years, boxes, counts, unplaced, drill if box is not None else [])


def latest_scores(tenant: Tenant) -> dict[int, Decimal]:
    """The latest assessment score of each employee (one query, newest last wins)."""
    rows = AssessmentResult.objects.filter(tenant=tenant).order_by("assessed_on", "id")
    return dict(rows.values_list("employee_id", "score"))


def _details(
    actor: Actor, year: int, years: list[int], ids: list[int], config: object
) -> list[Placement]:
    """Name, jabatan, predikat, scores of up to DRILL_LIMIT employees of one box."""
    if not ids:
        return []
    assert actor.tenant is not None
    tenant = actor.tenant
    weights = [int(w) for w in config.talent_weights]  # type: ignore[attr-defined]
    points = config.talent_points  # type: ignore[attr-defined]
    perf_cuts = [Decimal(c) for c in config.performance_cuts]  # type: ignore[attr-defined]
    pot_cuts = [Decimal(c) for c in config.potential_cuts]  # type: ignore[attr-defined]
    names = [f"p{i}" for i in range(len(years))]
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
        with_annual_predikat(employees_in_scope(actor), tenant, years)
        .filter(pk__in=ids[:DRILL_LIMIT])
        .annotate(potential=potential, moved_box=moved)
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
            *names,
        )  # fmt: skip
    )
    out = []
    for r in rows:
        predikat = [r[n] for n in names]
        perf = talent.performance_score(predikat, weights, points)
        pot = Decimal(r["potential"]) if r["potential"] is not None else None
        computed = None
        if perf is not None and pot is not None:
            computed = talent.box_for(talent.level(perf, perf_cuts), talent.level(pot, pot_cuts))
        out.append(
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
                potential=pot,
                computed_box=computed,
                box=r["moved_box"] or computed,
                moved=r["moved_box"] is not None,
            )  # fmt: skip
        )
    return out
