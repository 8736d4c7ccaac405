"""Demo data: a calendar and realistic punches, leave and duty for the demo months.

Called by pamong.demo's generator as `generate(tenant=, rng=, months=)`. Set-based:
punches are streamed with COPY on PostgreSQL (bulk_create elsewhere).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from django.db import connection

from pamong.core.actor import system_actor
from pamong.core.models import Tenant
from pamong.org.models import Employee

from .calendar import CalendarView, load_calendar
from .classify import month_bounds
from .models import Duty, Leave, Punch

DEMO_CALENDAR = {
    "schedule": {
        "mon": "07:30-16:00",
        "tue": "07:30-16:00",
        "wed": "07:30-16:00",
        "thu": "07:30-16:00",
        "fri": "07:30-16:30",
    },
    "national_holidays": True,
    "holidays": [],
    "cuti_bersama": ["2026-03-18", "2026-03-20", "2026-03-23", "2026-03-24", "2026-12-24"],
}
BATCH = 20000


def _profile(rng: random.Random) -> tuple[float, float, float]:
    """(chance of a late day, of a missing punch, of an absent day) for one employee."""
    kind = rng.random()
    if kind < 0.7:
        return 0.03, 0.01, 0.002
    if kind < 0.92:
        return 0.2, 0.03, 0.01
    return 0.45, 0.08, 0.05


def _spans(
    rng: random.Random, ids: list[int], days: list[dt.date], share: float, longest: int
) -> list[tuple[int, dt.date, dt.date]]:
    spans = []
    for employee_id in ids:
        if rng.random() < share and days:
            start = rng.choice(days)
            spans.append((employee_id, start, start + dt.timedelta(days=rng.randint(0, longest))))
    return spans


def _punches(
    rng: random.Random,
    tz: ZoneInfo,
    profiles: dict[int, tuple[float, float, float]],
    days: list[dt.date],
    cal: CalendarView,
    away: set[tuple[int, dt.date]],
) -> Iterator[tuple[int, dt.datetime, str]]:
    for employee_id, (late, missing, absent) in profiles.items():
        device = f"FP-{employee_id % 17 + 1:02d}"
        for day in days:
            if (employee_id, day) in away or rng.random() < absent:
                continue
            sched = cal.schedule_for(day)
            assert sched is not None
            start = dt.datetime.combine(day, sched.start, tz)
            end = dt.datetime.combine(day, sched.end, tz)
            arrive = start - dt.timedelta(seconds=rng.randint(60, 45 * 60))
            if rng.random() < late:
                arrive = start + dt.timedelta(seconds=rng.randint(30, 95 * 60))
            leave = end + dt.timedelta(seconds=rng.randint(0, 50 * 60))
            if rng.random() < late / 3:
                leave = end - dt.timedelta(seconds=rng.randint(60, 70 * 60))
            roll = rng.random()
            if roll >= missing:
                yield employee_id, arrive, device
            if roll >= missing / 2 or roll < missing / 4:
                yield employee_id, leave, device


def _write_punches(tenant: Tenant, rows: Iterable[tuple[int, dt.datetime, str]]) -> int:
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Punch._meta.db_table)
        sql = f"COPY {table} (tenant_id, employee_id, at, device, source) FROM STDIN"  # noqa: S608
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for employee_id, at, device in rows:
                copy.write_row((tenant.pk, employee_id, at, device, "demo"))
                count += 1
        return count
    batch: list[Punch] = []
    for employee_id, at, device in rows:
        batch.append(Punch(tenant=tenant, employee_id=employee_id, at=at, device=device))
        if len(batch) >= BATCH:
            count += len(Punch.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    count += len(Punch.objects.bulk_create(batch, ignore_conflicts=True))
    return count


def generate(*, tenant: Tenant, rng: random.Random, months: list[str]) -> dict[str, int]:
    """Calendar (national holidays on), then leave, duty and punches for each month."""
    load_calendar(actor=system_actor(tenant), data=DEMO_CALENDAR, source="demo")
    cal = CalendarView(DEMO_CALENDAR | {"overrides": []})
    tz = ZoneInfo(tenant.timezone)
    ids = list(
        Employee.objects.filter(tenant=tenant, status="aktif")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    profiles = {employee_id: _profile(rng) for employee_id in ids}
    totals = {"punches": 0, "leave": 0, "duties": 0}
    for month in sorted(months):
        year, number = (int(part) for part in month.split("-"))
        first, last = month_bounds(year, number)
        days = cal.working_days(first, last)
        leaves = [
            Leave(tenant=tenant, employee_id=e, kind=kind, start=s, end=min(t, last))
            for kind, share, longest in (("sakit", 0.03, 4), ("tahunan", 0.05, 2))
            for e, s, t in _spans(rng, ids, days, share, longest)
        ]
        by_employee = {x.employee_id: x for x in reversed(leaves)}  # one leave per employee
        leaves = list(by_employee.values())
        duties = [
            Duty(tenant=tenant, employee_id=e, start=s, end=min(t, last), note="ST demo")
            for e, s, t in _spans(rng, ids, days, 0.02, 2)
        ]
        Leave.objects.bulk_create(leaves, batch_size=2000, ignore_conflicts=True)
        Duty.objects.bulk_create(duties, batch_size=2000, ignore_conflicts=True)
        spans = [(x.employee_id, x.start, x.end) for x in leaves]
        spans += [(x.employee_id, x.start, x.end) for x in duties]
        away = {(e, day) for e, start, end in spans for day in days if start <= day <= end}
        totals["punches"] += _write_punches(tenant, _punches(rng, tz, profiles, days, cal, away))
        totals["leave"] += len(leaves)
        totals["duties"] += len(duties)
    return totals
