"""Reads of ratings for other apps, set-based: aggregates per OPD for the policy evaluation,
the low predikat behind the competence needs analysis, and annual predikat expressions for
the careers due lists and the 9-box. No permission check here: the caller decides."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery

from pamong.core.models import Tenant
from pamong.org.models import Employee, Unit
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import Predikat


def predikat_counts_per_opd(
    tenant_id: int, period: str, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Ratings of `period` per OPD (per the employee's unit with level="unit") and predikat
    (one grouped query)."""
    out: dict[int, dict[str, int]] = {}
    qs = (
        Rating.objects.filter(tenant_id=tenant_id, period=period)
        .values_list("employee__unit_id" if level == "unit" else "employee__opd_id", "predikat")
        .annotate(n=Count("id"))
        .order_by()
    )
    for opd_id, predikat, n in qs:
        if opd_id is not None:
            out.setdefault(opd_id, {})[predikat] = n
    return out


def org_predikat_per_opd(tenant_id: int, period: str) -> dict[int, str]:
    """The organisation predikat set for each OPD for `period`."""
    return dict(
        UnitPredikat.objects.filter(
            tenant_id=tenant_id, period=period, unit__parent__isnull=True
        ).values_list("unit_id", "predikat")
    )


def rating_rows(tenant_id: int, period: str, opd_id: int | None) -> QuerySet[Rating]:
    qs = Rating.objects.filter(tenant_id=tenant_id, period=period)
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs


def unit_ranking(tenant: Tenant, period: str) -> list[dict[str, Any]]:
    """The OPD ranking of the annual evaluation meeting (ranking.py), as plain figures."""
    from pamong.performance.ranking import _scores, rank

    units = list(Unit.objects.filter(tenant=tenant, parent=None).order_by("code"))
    ranked = rank(_scores(tenant, units, period, None))
    return [
        {
            "rank": i,
            "unit_id": s.unit.pk,
            "code": s.unit.code,
            "name": s.unit.name,
            "rated": s.rated,
            "score": str(s.score) if s.score is not None else None,
            "baik_or_better": s.baik_or_better,
            "org_predikat": s.org_predikat.predikat if s.org_predikat else None,
        }
        for i, s in enumerate(ranked, start=1)
    ]


LOW_PREDIKAT = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)


def low_predikat_by_employee(
    tenant: Tenant, year: int, employee_ids: Iterable[int] | None = None
) -> dict[int, tuple[str, str]]:
    """{employee id: (period, predikat)} for employees whose rating of `year` (the annual
    one, else the year's last period) is Butuh Perbaikan or lower. One query."""
    qs = Rating.objects.filter(tenant=tenant, period__startswith=str(year))
    if employee_ids is not None:
        qs = qs.filter(employee_id__in=list(employee_ids))
    latest: dict[int, tuple[str, str]] = {}
    annual = str(year)
    # The annual rating wins; otherwise the last period of the year (ascending text order
    # puts the later month, quarter or semester last).
    for employee_id, period, predikat in qs.order_by("employee_id", "period").values_list(
        "employee_id", "period", "predikat"
    ):
        if latest.get(employee_id, ("", ""))[0] != annual:
            latest[employee_id] = (period, predikat)
    return {k: v for k, v in latest.items() if v[1] in LOW_PREDIKAT}


def annual_predikat(tenant: Tenant, year: int, employee_ref: str = "pk") -> Subquery:
    """The annual predikat (period `YYYY`) of the outer employee, for `.annotate()`."""
    return Subquery(
        Rating.objects.filter(
            tenant=tenant, employee_id=OuterRef(employee_ref), period=str(year)
        ).values("predikat")[:1]
    )


def annual_ratings(tenant: Tenant, years: list[int]) -> QuerySet[Rating]:
    """Annual ratings of the tenant for the given years (one query, for grids)."""
    return Rating.objects.filter(tenant=tenant, period__in=[str(y) for y in years])


def with_annual_predikat(
    qs: QuerySet[Employee], tenant: Tenant, years: list[int], prefix: str = "p"
) -> QuerySet[Employee]:
    """Annotate `<prefix>0`, `<prefix>1` … with the annual predikat of each year.

    LEFT JOINs on the rating of that year (a hash join on PostgreSQL) instead of one
    correlated subquery per employee and year: the due lists and the 9-box read 100,000
    employees at a time.
    """
    for i, year in enumerate(years):
        alias = f"_{prefix}{i}_rating"
        qs = qs.annotate(
            **{
                alias: FilteredRelation(
                    "ratings",
                    condition=Q(ratings__period=str(year), ratings__tenant=tenant),
                )
            }
        ).annotate(**{f"{prefix}{i}": F(f"{alias}__predikat")})
    return qs
