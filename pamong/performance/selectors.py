"""Reads of performance data for other apps (competence needs analysis and the like)."""

from __future__ import annotations

from collections.abc import Iterable

from pamong.core.models import Tenant
from pamong.performance.models import Rating
from pamong.performance.predikat import Predikat

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
