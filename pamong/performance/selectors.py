"""Reads of ratings for other domains (careers): set-based expressions, no per-employee loops."""

from __future__ import annotations

from django.db.models import F, FilteredRelation, OuterRef, Q, QuerySet, Subquery

from pamong.core.models import Tenant
from pamong.org.models import Employee
from pamong.performance.models import Rating


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
