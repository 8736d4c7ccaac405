"""Reads of ratings for other apps: aggregates per OPD for the policy evaluation, and the
low predikat behind the competence needs analysis. Set-based.

No permission check here: the caller decides who sees which OPD.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from pamong.core.models import Tenant
from pamong.org.models import Unit
from pamong.performance.models import Rating, UnitPredikat
from pamong.performance.predikat import Predikat


def predikat_counts_per_opd(tenant_id: int, period: str) -> dict[int, dict[str, int]]:
    """Ratings of `period` per OPD and predikat (one grouped query)."""
    out: dict[int, dict[str, int]] = {}
    qs = (
        Rating.objects.filter(tenant_id=tenant_id, period=period)
        .values_list("employee__opd_id", "predikat")
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
