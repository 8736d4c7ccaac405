"""Complaint-handling figures per unit: volume, response time, deadline compliance, trend.

Used by the staff dashboard (per OPD) and the public transparency page; figures only, no
personal data. A report belongs to its responsible unit: the handling unit once
dispatched, else the unit reported. Periods select reports by the day they arrived
(tenant time zone).

- response time: calendar days from arrival to the first response (or closure);
- resolved within deadline: closed reports whose closing day is on or before their
  resolution deadline, as a share of closed reports that had one (archived reports are
  neither); the same share feeds the monthly trend, by month of arrival.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from pamong.core.models import Tenant
from pamong.org.models import Unit
from pamong.participation.ikm import Ikm
from pamong.participation.models import UNSUR_FIELDS, Complaint, SkmResponse

State = Complaint.State
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


@dataclass
class Figures:
    volume: int = 0
    closed: int = 0
    archived: int = 0
    open: int = 0
    responded: int = 0
    response_seconds: float = 0.0
    with_deadline: int = 0
    within_deadline: int = 0

    @property
    def avg_response_days(self) -> float | None:
        return None if not self.responded else self.response_seconds / self.responded / 86400

    @property
    def compliance_pct(self) -> float | None:
        if not self.with_deadline:
            return None
        return 100 * self.within_deadline / self.with_deadline


@dataclass
class UnitFigures(Figures):
    unit: Unit | None = None


@dataclass
class Dashboard:
    units: list[UnitFigures]
    total: Figures
    months: list[tuple[str, Figures]] = field(default_factory=list)


def _month_keys(date_from: dt.date, date_to: dt.date) -> list[tuple[int, int]]:
    keys, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _add(figures: Figures, row: tuple, zone: ZoneInfo) -> None:
    state, submitted, first_at, closed_at, due = row[1:6]
    figures.volume += 1
    if state == State.ARCHIVED:
        figures.archived += 1
        return
    answered = first_at or closed_at
    if answered is not None:
        figures.responded += 1
        figures.response_seconds += max((answered - submitted).total_seconds(), 0)
    if state != State.CLOSED:
        figures.open += 1
        return
    figures.closed += 1
    if due is not None and closed_at is not None:
        figures.with_deadline += 1
        if closed_at.astimezone(zone).date() <= due:
            figures.within_deadline += 1


def _complaint_rows(
    tenant: Tenant, date_from: dt.date, date_to: dt.date, opd_ids: Iterable[int] | None
) -> Iterable[tuple]:
    """One row per report that arrived in the period (and concerns one of `opd_ids`)."""
    zone = ZoneInfo(tenant.timezone)
    start = dt.datetime.combine(date_from, dt.time.min, zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, zone)
    qs = Complaint.objects.filter(tenant=tenant, submitted_at__gte=start, submitted_at__lt=end)
    if opd_ids is not None:
        ids = list(opd_ids)
        qs = qs.filter(
            Q(handling_unit__opd_id__in=ids) | Q(handling_unit__isnull=True, unit__opd_id__in=ids)
        )
    return qs.values_list(
        "pk",
        "state",
        "submitted_at",
        "first_response_at",
        "closed_at",
        "resolution_due",
        "handling_unit__opd_id",
        "unit__opd_id",
        "unit_id",
    ).order_by()


def _responsible_opd(row: tuple) -> int | None:
    """None for a report whose OPD nobody knows yet ("Belum tahu"): in the totals only."""
    opd_id: int | None = row[6] or row[7] or row[8]
    return opd_id


def complaint_dashboard(
    tenant: Tenant,
    date_from: dt.date,
    date_to: dt.date,
    opd_ids: Iterable[int] | None = None,
) -> Dashboard:
    """Figures per responsible OPD, for the tenant and per month of arrival."""
    zone = ZoneInfo(tenant.timezone)
    per_unit: dict[int, UnitFigures] = {}
    total = Figures()
    months = {key: Figures() for key in _month_keys(date_from, date_to)}
    for row in _complaint_rows(tenant, date_from, date_to, opd_ids):
        opd_id = _responsible_opd(row)
        if opd_id is not None:
            _add(per_unit.setdefault(opd_id, UnitFigures()), row, zone)
        _add(total, row, zone)
        local = row[2].astimezone(zone)
        _add(months.setdefault((local.year, local.month), Figures()), row, zone)
    units = Unit.objects.in_bulk(list(per_unit))
    for opd_id, figures in per_unit.items():
        figures.unit = units.get(opd_id)
    ordered = sorted(per_unit.values(), key=lambda f: f.unit.name if f.unit else "")
    labels = [(f"{MONTHS[m - 1]} {y % 100:02d}", months[(y, m)]) for y, m in sorted(months)]
    return Dashboard(units=ordered, total=total, months=labels)


@dataclass(frozen=True)
class UnitParticipation:
    """What public participation says about one OPD in a period, for its evaluation."""

    ikm_konversi: Decimal | None  # None without survey answers
    mutu: str | None
    responden: int
    reports: int
    resolved_within_deadline_pct: float | None  # None without closed reports
    avg_response_days: float | None


def units_participation(
    tenant: Tenant, opd_ids: Iterable[int], date_from: dt.date, date_to: dt.date
) -> dict[int, UnitParticipation]:
    """IKM and complaint handling of several OPDs (all their units' services), aggregates only.

    Two queries whatever the number of OPDs: SKM sums grouped by OPD, and the reports of
    the period. Every id asked for is in the result (empty figures without data).
    Meant for the unit's evaluation: the organisation predikat page and the unit ranking.
    """
    ids = sorted(set(opd_ids))
    if not ids:
        return {}
    sums: dict[int, dict[str, Any]] = {
        group["opd"]: dict(group)
        for group in SkmResponse.objects.filter(
            Q(unit__opd_id__in=ids) | Q(unit_id__in=ids),
            tenant=tenant,
            date__gte=date_from,
            date__lte=date_to,
        )
        .annotate(opd=Coalesce("unit__opd_id", "unit_id"))
        .values("opd")
        .annotate(n=Count("id"), **{f"s_{f}": Sum(f) for f in UNSUR_FIELDS})
        .order_by()
    }
    zone = ZoneInfo(tenant.timezone)
    figures = {opd_id: Figures() for opd_id in ids}
    for row in _complaint_rows(tenant, date_from, date_to, ids):
        opd_id = _responsible_opd(row)
        found = figures.get(opd_id) if opd_id is not None else None
        if found is not None:
            _add(found, row, zone)
    out: dict[int, UnitParticipation] = {}
    for opd_id in ids:
        skm = sums.get(opd_id)
        ikm = (
            Ikm(skm["n"], tuple(skm[f"s_{f}"] or 0 for f in UNSUR_FIELDS))
            if skm and skm["n"]
            else None
        )
        f = figures[opd_id]
        out[opd_id] = UnitParticipation(
            ikm_konversi=ikm.konversi if ikm else None,
            mutu=ikm.mutu if ikm else None,
            responden=ikm.responden if ikm else 0,
            reports=f.volume,
            resolved_within_deadline_pct=f.compliance_pct,
            avg_response_days=f.avg_response_days,
        )
    return out


def unit_participation(
    tenant: Tenant, opd: Unit, date_from: dt.date, date_to: dt.date
) -> UnitParticipation:
    """IKM and complaint handling of one OPD: `units_participation` for a single id."""
    opd_id = opd.opd_id or opd.pk
    return units_participation(tenant, [opd_id], date_from, date_to)[opd_id]
