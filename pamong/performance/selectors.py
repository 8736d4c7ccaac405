"""Reads of ratings for other domains (careers): set-based expressions, no per-employee loops."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from pamong.core.models import Tenant
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
