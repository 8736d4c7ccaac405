"""Indicator figures per organisational unit below the OPDs (the report's drill-down).

The same indicators and definitions as the OPD figures (indicators.py), grouped by the unit
instead of the OPD: the employee's own unit (as the OPD figures use the employee's OPD),
the unit code kept on each TPP slip, and the responsible unit of a public report or forum
item. Every source is one grouped query whatever the number of units (`UnitContext`).

Not computed per unit: the TPP pagu (set per OPD), the distribution rules of predikat
(judged against the organisation predikat of an OPD) and the IKM (surveyed per OPD
service). Indicators registered later (by other apps) are left out until listed here,
so a figure grouped per OPD is never shown as a unit's.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from pamong.appraisal import selectors as appraisal
from pamong.attendance import selectors as attendance
from pamong.core.models import Tenant
from pamong.evaluation.indicators import (
    DAY_LINE_KINDS,
    RATING_GRACE_DAYS,
    REGISTRY,
    SKP_DEADLINE,
    Context,
    Indicator,
    compute,
)
from pamong.evaluation.periods import Period, parse_period
from pamong.evaluation.report import achieved, change, rank_opds
from pamong.evaluation.trace import LIMIT, Source
from pamong.org import selectors as org
from pamong.org.models import Unit
from pamong.participation import selectors as participation
from pamong.performance import selectors as performance
from pamong.tpp import selectors as tpp

UNIT = "unit"
UNIT_CODES = frozenset(
    {
        "skp_on_time", "rating_on_time", "predikat_sb_share", "objections_filed",
        "objections_upheld", "tpp_discipline_deduction", "tpp_sanction_deduction",
        "tpp_kinerja_sb_vs_baik", "late_in_rate", "early_out_rate", "absent_rate",
        "corrections_approved", "leave_days", "complaints_received",
        "complaint_first_response", "complaint_resolution", "reporter_satisfaction",
        "forum_items_done",
        *(f"leave_days_{kind}" for kind, _label in attendance.leave_types()),
    }
)  # fmt: skip


class UnitContext(Context):
    """A Context whose sources are grouped per unit; `opd_ids` holds the unit ids."""

    @cached_property
    def employees(self) -> dict[int, int]:
        return org.active_employees_per_opd(
            self.tenant.pk, self.period.start, self.period.end, level=UNIT
        )

    @cached_property
    def skp(self) -> dict[int, int]:
        deadline = self._end_of(dt.date(self.period.year, *SKP_DEADLINE))
        return appraisal.skp_submitted_per_opd(
            self.tenant.pk, self.period.year, deadline, level=UNIT
        )

    @cached_property
    def evaluations(self) -> dict[int, dict[str, int]]:
        deadline = self._end_of(self.period.end + dt.timedelta(days=RATING_GRACE_DAYS))
        return appraisal.evaluations_per_opd(self.tenant.pk, self.period.code, deadline, level=UNIT)

    @cached_property
    def objections(self) -> dict[int, dict[str, int]]:
        return appraisal.objections_per_opd(self.tenant.pk, self.period.code, level=UNIT)

    @cached_property
    def predikat(self) -> dict[int, dict[str, int]]:
        return performance.predikat_counts_per_opd(self.tenant.pk, self.period.code, level=UNIT)

    @cached_property
    def org_predikat(self) -> dict[int, str]:
        return {}  # the distribution rules are judged per OPD only

    @cached_property
    def slips(self) -> dict[int, dict[str, Any]]:
        return tpp.slips_per_opd(self.tenant.pk, self.period.months, level=UNIT)

    @cached_property
    def kinerja(self) -> dict[int, dict[str, dict[str, int]]]:
        return tpp.kinerja_by_predikat_per_opd(self.tenant.pk, self.period.months, level=UNIT)

    @cached_property
    def day_lines(self) -> dict[int, dict[str, int]]:
        return tpp.day_lines_per_opd(self.tenant.pk, self.period.months, DAY_LINE_KINDS, level=UNIT)

    @cached_property
    def pagu(self) -> dict[int, int]:
        return {}  # the pagu is set per OPD

    @cached_property
    def corrections(self) -> dict[int, dict[str, int]]:
        return attendance.corrections_per_opd(
            self.tenant.pk, self.period.start, self.period.end, level=UNIT
        )

    @cached_property
    def leave(self) -> dict[int, dict[str, int]]:
        return attendance.leave_days_per_opd(
            self.tenant.pk, self.period.start, self.period.end, level=UNIT
        )

    @cached_property
    def complaints(self) -> dict[int, dict[str, Any]]:
        return participation.complaints_per_opd(
            self.tenant, self.period.start, self.period.end, level=UNIT
        )

    @cached_property
    def ikm(self) -> dict[int, Any]:
        return {}  # surveyed per OPD service

    @cached_property
    def forum(self) -> dict[int, dict[str, int]]:
        return participation.forum_items_per_opd(
            self.tenant, self.period.start, self.period.end, level=UNIT
        )


def unit_indicators() -> list[Indicator]:
    return [i for i in REGISTRY.values() if i.available and i.compute and i.code in UNIT_CODES]


def _targets(policies: list[dict[str, Any]]) -> dict[str, Any]:
    """The period's target of each computed indicator, from the report's policies."""
    out: dict[str, Any] = {}
    for policy in policies:
        for item in policy.get("indicators", []):
            if not item.get("manual") and item.get("target") not in (None, ""):
                out.setdefault(item["code"], item["target"])
    return out


def build_unit_data(
    tenant: Tenant, period_code: str, policies: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """{"units": [...], "indicators": {code: {unit_id: figure}}} for the report's period.

    A figure is {num, den, value, previous, change, rank, target, achieved}; the rank is
    among the units of the same OPD. A unit without rows for an indicator has no figure.
    """
    period: Period = parse_period(period_code)
    units = list(
        Unit.objects.filter(tenant=tenant)
        .order_by("path")
        .values("id", "code", "name", "kind", "depth", "opd_id")
    )
    ids = [u["id"] for u in units]
    opd_of = {str(u["id"]): str(u["opd_id"] or u["id"]) for u in units}
    now_ctx = UnitContext(tenant, period, ids)
    prev_ctx = UnitContext(tenant, period.previous(), ids)
    targets = _targets(policies or [])
    out: dict[str, dict[str, Any]] = {}
    with translation.override("id"):
        for ind in unit_indicators():
            now, prev = compute(ind, now_ctx)["opds"], compute(ind, prev_ctx)["opds"]
            by_opd: dict[str, dict[str, str | None]] = {}
            for unit_id, fig in now.items():
                by_opd.setdefault(opd_of[unit_id], {})[unit_id] = fig["value"]
            ranks: dict[str, int] = {}
            for values in by_opd.values():
                ranks.update(rank_opds(values, ind.higher_is_better))
            target = targets.get(ind.code)
            for unit_id, fig in now.items():
                before = prev.get(unit_id, {}).get("value")
                fig.update(
                    previous=before,
                    change=change(fig["value"], before),
                    rank=ranks.get(unit_id),
                    target=target,
                    achieved=achieved(fig["value"], target, ind.higher_is_better),
                )
            out[ind.code] = now
    return {
        "period": period.code,
        "units": [{**u, "opd_id": u["opd_id"] or u["id"]} for u in units],
        "indicators": out,
    }


def cut_for_opds(unit_data: dict[str, Any], opd_ids: set[int] | None) -> dict[str, Any]:
    """The part of the unit figures belonging to these OPDs' units (None: all of them)."""
    units = [u for u in unit_data.get("units", []) if opd_ids is None or u["opd_id"] in opd_ids]
    keep = {str(u["id"]) for u in units}
    return {
        "units": units,
        "indicators": {
            code: {u: f for u, f in figs.items() if u in keep}
            for code, figs in unit_data.get("indicators", {}).items()
        },
    }


def _employee_unit(qs: QuerySet[Any], unit: Unit) -> QuerySet[Any]:
    return qs.filter(employee__unit_id=unit.pk)


# How the trace rows of a source (trace.py) are narrowed to one unit, by the same rule
# that groups the figures above.
UNIT_FILTERS: dict[str, Any] = {
    "evaluations": _employee_unit,
    "ratings": _employee_unit,
    "skp": _employee_unit,
    "leave": _employee_unit,
    "corrections": _employee_unit,
    "tpp_slips": lambda qs, unit: qs.filter(unit_code=unit.code),
    "forum_items": lambda qs, unit: qs.filter(responsible_unit_id=unit.pk),
    "complaints": lambda qs, unit: qs.filter(resp_unit=unit.pk),  # complaint_rows' annotation
}


def unit_trace_rows(
    code: str, source: Source, tenant: Tenant, period: Period, unit: Unit
) -> list[Any] | None:
    """The live rows behind one unit's number; None when the source has no unit rule."""
    narrow = UNIT_FILTERS.get(code)
    if narrow is None:
        return None
    fields = [f for f, _label in source.columns]
    qs = narrow(source.rows(tenant, period, unit.opd_id or unit.pk), unit)
    return list(qs.order_by("id").values_list(*fields)[:LIMIT])
