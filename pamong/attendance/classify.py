"""Classify every paid working day of a month per employee (tpp.md §2 and §3).

Set-based: punches are aggregated in SQL per (employee, local day) to min/max/count, so a
month of 100,000 employees is one grouped query, not millions of ORM objects. The result
is the input of the TPP engine and of the attendance pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, DateField, F, Func, Max, Min, Model, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import TruncDate

from pamong.core.gcpause import gc_paused
from pamong.core.models import Tenant
from pamong.org.models import Employee

from .calendar import CalendarView, calendar_for
from .models import Correction, CorrectionStatus, Duty, Leave, Punch

M = TypeVar("M", bound=Model)

# Below this many employees the per-day punch list is loaded too (for the TPP slip).
PUNCH_DETAIL_LIMIT = 500
# Larger id lists are filtered in Python rather than as a huge SQL IN (...).
SQL_IN_LIMIT = 1000
# From this many employees the cyclic garbage collector is paused while classifying.
GC_PAUSE_FROM = 5000


@dataclass(frozen=True, slots=True)
class DayFacts:
    day: dt.date
    kind: str  # "leave" | "duty" | "absent" | "present" (present = at least one punch)
    leave_type: str | None
    check_in: dt.datetime | None  # aware, tenant zone
    check_out: dt.datetime | None
    minutes_late: int
    minutes_early: int
    missing_in: bool
    missing_out: bool
    punches: tuple[dt.datetime, ...] = ()  # raw punches only
    corrected: bool = False  # an approved correction supplied a time of this day


def _fast_constructor() -> Callable[..., DayFacts]:
    """DayFacts(...) without the frozen __init__'s per-field object.__setattr__ lookups.

    A month of 100,000 employees builds 2.2 M of them; setting the slots through their
    descriptors directly is about twice as fast. Same fields, same order, same result.
    """
    new = object.__new__
    setters = [getattr(DayFacts, f.name).__set__ for f in fields(DayFacts)]
    s_day, s_kind, s_leave, s_in, s_out, s_late, s_early, s_min, s_mout, s_p, s_c = setters

    def make(
        day,
        kind,
        leave_type,
        check_in,
        check_out,
        late,
        early,
        m_in,
        m_out,
        punches=(),
        corrected=False,
    ):  # noqa: E501
        obj = new(DayFacts)
        s_day(obj, day)
        s_kind(obj, kind)
        s_leave(obj, leave_type)
        s_in(obj, check_in)
        s_out(obj, check_out)
        s_late(obj, late)
        s_early(obj, early)
        s_min(obj, m_in)
        s_mout(obj, m_out)
        s_p(obj, punches)
        s_c(obj, corrected)
        return obj

    return make


_facts = _fast_constructor()


@dataclass
class EmployeeMonth:
    employee_id: int
    paid_days: list[dt.date]
    unpaid_leave_days: list[tuple[dt.date, str]]
    days: list[DayFacts] = field(default_factory=list)


@dataclass
class MonthClassification:
    working_days: list[dt.date]
    employees: dict[int, EmployeeMonth]


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _fixed_offset(tz: ZoneInfo, first: dt.date, last: dt.date) -> dt.timedelta | None:
    """The zone's UTC offset if constant over the span (always for WIB/WITA/WIT)."""
    a = dt.datetime.combine(first, dt.time(), tz).utcoffset()
    b = dt.datetime.combine(last, dt.time(23, 59), tz).utcoffset()
    return a if a == b else None


def local_day_expression(tz: ZoneInfo, offset: dt.timedelta | None) -> Expression:
    """SQL for the punch's calendar day in the tenant zone.

    SQLite stores UTC text, so with a fixed offset `date(at, '+N seconds')` is exact and
    much faster than Django's per-row Python zone conversion; otherwise TruncDate
    (`(at AT TIME ZONE 'Asia/…')::date` on PostgreSQL).
    """
    if connection.vendor == "sqlite" and offset is not None:
        seconds = int(offset.total_seconds())
        return Func(
            F("at"), Value(f"{seconds:+d} seconds"), function="date", output_field=DateField()
        )
    return TruncDate("at", tzinfo=tz)


def _decide(
    day: dt.date,
    sched: tuple[int, int],
    base: dt.datetime,
    first_us: int,
    last_us: int,
    count: int,
    punches: tuple[dt.datetime, ...],
    moments: dict[int, dt.datetime],
) -> DayFacts:
    """tpp.md §3 step 3 for a day with at least one punch.

    `first_us`/`last_us` are the earliest/latest punch as microseconds after local midnight
    and `base` is that midnight (aware). Minute counts drop the seconds: late counts from
    the check-in's whole second down, early from the check-out's second rounded up
    (15:58:59.5 is 60.5 s, i.e. 1 minute, before 16:00).
    Reading of "before mid": a single punch strictly earlier than mid is a check-in; one
    exactly at mid or later is a check-out ("otherwise a check-out"). Compared in whole
    microseconds, so a half-minute mid loses nothing.
    `moments` caches the aware datetimes of this day by µs: punches cluster on a few
    thousand distinct seconds a day, so 100,000 employees share them (immutable) instead
    of building two datetimes per day each.
    """
    start_s, end_s = sched
    check_in = moments.get(first_us)
    if check_in is None:
        check_in = moments[first_us] = base + dt.timedelta(microseconds=first_us)
    if count == 1:
        if 2 * first_us < (start_s + end_s) * 1_000_000:
            return _facts(
                day, "present", None, check_in, None,
                max(0, (first_us // 1_000_000 - start_s) // 60), 0, False, True, punches,
            )  # fmt: skip
        return _facts(
            day, "present", None, None, check_in, 0,
            max(0, (end_s + (-first_us // 1_000_000)) // 60), True, False, punches,
        )  # fmt: skip
    check_out = moments.get(last_us)
    if check_out is None:
        check_out = moments[last_us] = base + dt.timedelta(microseconds=last_us)
    late = (first_us // 1_000_000 - start_s) // 60
    early = (end_s + (-last_us // 1_000_000)) // 60
    return _facts(
        day, "present", None, check_in, check_out, late if late > 0 else 0,
        early if early > 0 else 0, False, False, punches,
    )  # fmt: skip


Aggregate = tuple[int, dt.date, int, int, int]  # employee, local day, first µs, last µs, count
# employee -> {working day: (first µs, last µs, count)}, one item per employee with punches
Punched = dict[dt.date, tuple[int, int, int]]
UtcRange = tuple[dt.datetime, dt.datetime]


DAY_US = 86_400_000_000


def _pg_aggregate(
    tenant_id: int,
    tz: str,
    first: dt.date,
    last: dt.date,
    utc: UtcRange,
    ids: list[int] | None,
    working: Collection[dt.date],
) -> Iterable[tuple[int, Punched]]:
    """PostgreSQL: plain integers only (loading millions of timestamps costs seconds).

    With a fixed zone offset (always for WIB/WITA/WIT) each punch becomes whole
    microseconds after the first local midnight, `utc[0]`: the local day is that // DAY_US
    and the time of day the remainder, so no per-row zone conversion, date cast or numeric
    EXTRACT is needed (those were most of the query's cost). `date_part` of an interval
    under a month is a double with far more than microsecond precision; the bigint cast
    rounds it back to the exact integer.
    """
    if _fixed_offset(ZoneInfo(tz), first, last) is None:
        yield from _grouped(_pg_aggregate_zoned(tenant_id, tz, first, last, utc, ids), working)
        return
    table = Punch._meta.db_table
    where = "tenant_id = %s AND at >= %s AND at < %s"
    params: list[Any] = [utc[0], tenant_id, *utc]
    if ids is not None:
        where += " AND employee_id = ANY(%s)"
        params.append(ids)
    # Only the table name is interpolated (from model meta); values are parameters.
    sql = (
        "SELECT employee_id, min(us), max(us), count(*) FROM ("  # noqa: S608
        "SELECT employee_id, (date_part('epoch', at - %s::timestamptz) * 1000000)::bigint AS us "
        f"FROM {table} WHERE {where}) p GROUP BY employee_id, us / {DAY_US} ORDER BY 1"
    )
    # Day offset -> the working day, or None (punches on other days are ignored).
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    slots = [d if d in working else None for d in days]
    current = -1
    punched: Punched = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # Grouped per employee right here: one loop over 2 M rows instead of three.
        while chunk := cursor.fetchmany(50000):
            for employee_id, lo, hi, n in chunk:
                if employee_id != current:
                    if punched:
                        yield current, punched
                    current, punched = employee_id, {}
                i = lo // DAY_US
                day = slots[i]
                if day is not None:
                    i *= DAY_US
                    punched[day] = (lo - i, hi - i, n)
    if punched:
        yield current, punched


def _pg_exceptions(
    tenant_id: int,
    first: dt.date,
    last: dt.date,
    utc: UtcRange,
    ids: list[int] | None,
    clean: dict[dt.date, tuple[int, int]],
) -> Iterable[tuple[int, Punched, int]]:
    """_pg_aggregate for `only_exceptions` (fixed zone offset): one row per employee.

    The clean working days (both punches, neither late nor early; see _Month.clean) come
    as a bit mask of day offsets from `first`; only the other punched working days come
    as (first µs, last µs, count). 100,000 rows instead of ~2.2 million.
    """
    table = Punch._meta.db_table
    where = "tenant_id = %s AND at >= %s AND at < %s"
    params: list[Any] = [utc[0], tenant_id, *utc]
    if ids is not None:
        where += " AND employee_id = ANY(%s)"
        params.append(ids)
    span = (last - first).days + 1
    days = [first + dt.timedelta(days=i) for i in range(span)]
    # Per day offset: the clean limits, or NULL on a non-working day (then neither
    # FILTER keeps the day: punches on other days are ignored).
    before = [clean[d][0] if d in clean else None for d in days]
    after = [clean[d][1] if d in clean else None for d in days]
    # Only the table name is interpolated (from model meta); values are parameters.
    sql = (
        "SELECT employee_id, coalesce(bit_or(1::bigint << d) FILTER (WHERE ok), 0), "  # noqa: S608
        "array_agg(d) FILTER (WHERE NOT ok), array_agg(lo) FILTER (WHERE NOT ok), "
        "array_agg(hi) FILTER (WHERE NOT ok), array_agg(n) FILTER (WHERE NOT ok) FROM ("
        "SELECT employee_id, d, lo, hi, n, "
        "n > 1 AND lo < (%s::bigint[])[d + 1] AND hi > (%s::bigint[])[d + 1] AS ok FROM ("
        f"SELECT employee_id, (us / {DAY_US})::int AS d, "
        f"min(us) - us / {DAY_US} * {DAY_US} AS lo, max(us) - us / {DAY_US} * {DAY_US} AS hi, "
        "count(*) AS n FROM ("
        "SELECT employee_id, (date_part('epoch', at - %s::timestamptz) * 1000000)::bigint AS us "
        f"FROM {table} WHERE {where}) p GROUP BY employee_id, us / {DAY_US}) g"
        ") c WHERE ok IS NOT NULL GROUP BY employee_id ORDER BY employee_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [before, after, *params])
        while chunk := cursor.fetchmany(20000):
            for employee_id, mask, offsets, los, his, counts in chunk:
                punched: Punched = {}
                if offsets:
                    for i, lo, hi, n in zip(offsets, los, his, counts, strict=True):
                        punched[days[i]] = (lo, hi, n)
                yield employee_id, punched, mask


def _grouped(
    rows: Iterable[Aggregate], working: Collection[dt.date]
) -> Iterable[tuple[int, Punched]]:
    for employee_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        punched = {r[1]: (r[2], r[3], r[4]) for r in group if r[1] in working}
        if punched:
            yield employee_id, punched


def _pg_aggregate_zoned(
    tenant_id: int, tz: str, first: dt.date, last: dt.date, utc: UtcRange, ids: list[int] | None
) -> Iterable[Aggregate]:
    """Zones whose offset changes within the span: convert every punch in SQL."""
    table = Punch._meta.db_table
    where = "tenant_id = %s AND at >= %s AND at < %s"
    params: list[Any] = [tz, first, tz, tz, tenant_id, *utc]
    if ids is not None:
        where += " AND employee_id = ANY(%s)"
        params.append(ids)
    sql = (
        "SELECT employee_id, (at AT TIME ZONE %s)::date - %s::date AS d, "  # noqa: S608
        "(EXTRACT(EPOCH FROM min(at AT TIME ZONE %s)::time) * 1000000)::bigint, "
        "(EXTRACT(EPOCH FROM max(at AT TIME ZONE %s)::time) * 1000000)::bigint, count(*) "
        f"FROM {table} WHERE {where} GROUP BY 1, 2 ORDER BY 1"
    )
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(20000):
            for employee_id, offset, first_us, last_us, n in chunk:
                yield employee_id, days[offset], first_us, last_us, n


def _sqlite_aggregate(
    tenant_id: int, tz: ZoneInfo, utc: UtcRange, ids: list[int] | None
) -> Iterable[Aggregate]:
    """SQLite stores UTC text; min/max of it are converted here (SQLite is for small sets)."""
    qs = Punch.objects.filter(tenant_id=tenant_id, at__gte=utc[0], at__lt=utc[1])
    if ids is not None:
        qs = qs.filter(employee_id__in=ids)
    offset = _fixed_offset(tz, utc[0].date(), utc[1].date())
    rows = (
        qs.annotate(day=local_day_expression(tz, offset))
        .values("employee_id", "day")
        .annotate(first=Min("at"), last=Max("at"), n=Count("id"))
        .order_by("employee_id")
        .values_list("employee_id", "first", "last", "n")
    )
    for employee_id, first, last, n in rows:
        a, b = first.astimezone(tz), last.astimezone(tz)
        yield employee_id, a.date(), _local_us(a), _local_us(b), n


def _local_us(moment: dt.datetime) -> int:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * 1_000_000 + moment.microsecond


class _Month:
    """The month's inputs, loaded with a handful of set-based queries."""

    def __init__(
        self,
        tenant: Tenant,
        cal: CalendarView,
        first: dt.date,
        last: dt.date,
        employee_ids: Collection[int] | None,
        unpaid_leave_types: Collection[str],
    ) -> None:
        self.tenant = tenant
        self.tz = ZoneInfo(tenant.timezone)
        self.first, self.last = first, last
        self.working_days = cal.working_days(self.first, self.last)
        self.working_set = set(self.working_days)
        self.schedules: dict[dt.date, tuple[int, int]] = {}
        for day in self.working_days:
            sched = cal.schedule_for(day)
            assert sched is not None
            self.schedules[day] = (sched.start_seconds, sched.end_seconds)
        self.midnight = {d: dt.datetime.combine(d, dt.time(), self.tz) for d in self.working_days}
        self.moments: dict[dt.date, dict[int, dt.datetime]] = {d: {} for d in self.working_days}
        # DayFacts are immutable: one absent day object per date serves every employee.
        self.absent = {
            d: _facts(d, "absent", None, None, None, 0, 0, False, False) for d in self.working_days
        }
        # A present day with both punches is "clean" (nothing to explain) when it is at most
        # 59 s late and 59 s early: first µs < (start + 60 s), last µs > (end - 60 s).
        self.clean: dict[dt.date, tuple[int, int]] = {
            d: ((s + 60) * 1_000_000, (e - 60) * 1_000_000) for d, (s, e) in self.schedules.items()
        }
        self.only_exceptions = False
        self.offsets = [((d - first).days, d) for d in self.working_days]
        self.unpaid_types = frozenset(unpaid_leave_types)
        self.wanted = None if employee_ids is None else set(employee_ids)
        self.windows = self._windows()
        self.leaves: dict[int, dict[dt.date, str]] = defaultdict(dict)
        self.duties: dict[int, set[dt.date]] = defaultdict(set)
        self.details: dict[tuple[int, dt.date], list[dt.datetime]] = defaultdict(list)
        # employee -> day -> local µs after midnight of the approved correction times
        self.corrections: dict[int, dict[dt.date, list[int]]] = {}

    def scoped(self, qs: QuerySet[M]) -> QuerySet[M]:
        if self.wanted is not None and len(self.wanted) <= SQL_IN_LIMIT:
            return qs.filter(employee_id__in=self.wanted)
        return qs

    def _windows(self) -> dict[int, tuple[dt.date | None, dt.date | None]]:
        qs = Employee.objects.filter(tenant=self.tenant)
        if self.wanted is None:
            qs = qs.exclude(tmt_unit__gt=self.last).exclude(end_date__lt=self.first)
        elif len(self.wanted) <= SQL_IN_LIMIT:
            qs = qs.filter(pk__in=self.wanted)
        return {
            pk: (tmt, end)
            for pk, tmt, end in qs.order_by("pk").values_list("pk", "tmt_unit", "end_date")
            if self.wanted is None or pk in self.wanted
        }

    def load_leaves_and_duties(self) -> None:
        leave_rows = self.scoped(
            Leave.objects.filter(tenant=self.tenant, start__lte=self.last, end__gte=self.first)
        ).order_by("start")
        for employee_id, kind, start, end in leave_rows.values_list(
            "employee_id", "kind", "start", "end"
        ):
            for day in _days(start, end, self.first, self.last):
                if day in self.working_set:
                    self.leaves[employee_id].setdefault(day, kind)
        duty_rows = self.scoped(
            Duty.objects.filter(tenant=self.tenant, start__lte=self.last, end__gte=self.first)
        )
        for employee_id, start, end in duty_rows.values_list("employee_id", "start", "end"):
            self.duties[employee_id].update(
                d for d in _days(start, end, self.first, self.last) if d in self.working_set
            )

    def load_corrections(self) -> None:
        """Approved corrections count as punches of their day (they never touch Punch)."""
        rows = self.scoped(
            Correction.objects.filter(
                tenant=self.tenant,
                status=CorrectionStatus.APPROVED,
                day__gte=self.first,
                day__lte=self.last,
            )
        ).values_list("employee_id", "day", "check_in", "check_out")
        for employee_id, day, check_in, check_out in rows:
            if day in self.working_set:
                times = [_time_us(t) for t in (check_in, check_out) if t is not None]
                self.corrections.setdefault(employee_id, {})[day] = times

    def punches(self) -> QuerySet[Punch]:
        start, end = self.utc_range()
        return self.scoped(Punch.objects.filter(tenant=self.tenant, at__gte=start, at__lt=end))

    def load_details(self) -> None:
        qs = self.punches()
        if self.wanted is None or len(self.wanted) > SQL_IN_LIMIT:
            qs = qs.filter(employee_id__in=list(self.windows))
        for employee_id, at in qs.order_by("at").values_list("employee_id", "at"):
            local = at.astimezone(self.tz)
            self.details[(employee_id, local.date())].append(local)

    def utc_range(self) -> UtcRange:
        # The local span as a UTC range, so the punch index on (tenant, at) is used.
        return (
            dt.datetime.combine(self.first, dt.time(), self.tz),
            dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), self.tz),
        )

    def aggregate(self) -> Iterable[tuple[int, Punched, int]]:
        """(employee, {working day: (first µs, last µs, count)}, clean mask) for employees
        with punches. The mask (only_exceptions on PostgreSQL, else 0) has bit i set when
        day first + i is clean; such days are then not in the dict."""
        ids = None
        if self.wanted is not None and len(self.wanted) <= SQL_IN_LIMIT:
            ids = sorted(self.wanted)
        fixed = _fixed_offset(self.tz, self.first, self.last) is not None
        if connection.vendor == "postgresql" and self.only_exceptions and fixed:
            return _pg_exceptions(
                self.tenant.pk, self.first, self.last, self.utc_range(), ids, self.clean
            )
        return ((e, punched, 0) for e, punched in self._aggregate(ids))

    def _aggregate(self, ids: list[int] | None) -> Iterable[tuple[int, Punched]]:
        if connection.vendor == "postgresql":
            return _pg_aggregate(
                self.tenant.pk,
                self.tenant.timezone,
                self.first,
                self.last,
                self.utc_range(),
                ids,
                self.working_set,
            )
        rows = _sqlite_aggregate(self.tenant.pk, self.tz, self.utc_range(), ids)
        return _grouped(rows, self.working_set)

    def build(
        self, employee_id: int, punched: dict[dt.date, tuple[int, int, int]], mask: int = 0
    ) -> EmployeeMonth:
        # The hot loop of a TPP run (2.2 M days for 100,000 employees): locals only.
        tmt, end = self.windows[employee_id]
        fixes = self.corrections.get(employee_id)
        if fixes:
            punched = _with_corrections(punched, fixes)
        leave_days = self.leaves.get(employee_id, {})
        duty_days = self.duties.get(employee_id, ())
        details, unpaid_types = self.details, self.unpaid_types
        schedules, midnight, make, decide = self.schedules, self.midnight, _facts, _decide
        moments, absent = self.moments, self.absent
        clean = self.clean if self.only_exceptions else None
        paid: list[dt.date] = []
        unpaid: list[tuple[dt.date, str]] = []
        days: list[DayFacts] = []
        for offset, day in self.offsets:
            if (tmt is not None and day < tmt) or (end is not None and day > end):
                continue
            kind = leave_days.get(day) if leave_days else None
            if kind is not None and kind in unpaid_types:
                unpaid.append((day, kind))
                continue
            paid.append(day)
            times = tuple(details.get((employee_id, day), ())) if details else ()
            if kind is not None:
                days.append(make(day, "leave", kind, None, None, 0, 0, False, False, times))
            elif duty_days and day in duty_days:
                days.append(make(day, "duty", None, None, None, 0, 0, False, False, times))
            elif mask >> offset & 1:
                continue  # clean (a correction only adds punches: it stays clean)
            elif day in punched:
                p_first, p_last, n = punched[day]
                if clean is not None and n > 1:
                    before, after = clean[day]
                    if p_first < before and p_last > after:
                        continue  # on time, full day: paid, no DayFacts
                facts = decide(
                    day, schedules[day], midnight[day], p_first, p_last, n, times, moments[day]
                )
                if fixes and day in fixes:
                    facts = dataclasses.replace(facts, corrected=True)
                days.append(facts)
            else:
                days.append(absent[day])
        return EmployeeMonth(employee_id, paid, unpaid, days)


def _time_us(value: dt.time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _with_corrections(
    punched: dict[dt.date, tuple[int, int, int]], fixes: dict[dt.date, list[int]]
) -> dict[dt.date, tuple[int, int, int]]:
    """Fold approved correction times into the day aggregates as extra punches."""
    merged = dict(punched)
    for day, times in fixes.items():
        if not times:
            continue
        if day in merged:
            first, last, n = merged[day]
            extra = [t for t in times if t not in (first, last)]  # same moment: one punch
            merged[day] = (min(first, *times), max(last, *times), n + len(extra))
        else:
            merged[day] = (min(times), max(times), len(set(times)))
    return merged


def _days(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day, stop = max(start, first), min(end, last)
    while day <= stop:
        yield day
        day += dt.timedelta(days=1)


def classify_month(
    *,
    tenant: Tenant,
    year: int,
    month: int,
    employee_ids: Collection[int] | None = None,
    unpaid_leave_types: Collection[str] = ("besar", "cltn"),
    progress: Callable[[int, int], None] | None = None,
    with_punches: bool | None = None,
    calendar: CalendarView | None = None,
    only_exceptions: bool = False,
) -> MonthClassification:
    """Classify the paid working days of `year-month` for the tenant's employees.

    `employee_ids=None` means every employee whose tmt_unit/end_date window overlaps the
    month; otherwise exactly those ids (of this tenant). `progress(done, total)` is called
    now and then. `with_punches` (default: only for up to PUNCH_DETAIL_LIMIT employees)
    fills DayFacts.punches with every punch of the day. Raises InputErrors when the tenant
    has no calendar. `only_exceptions` leaves out of `days` the present days with both
    punches and neither late nor early (whole minutes), which need no explanation (the TPP
    run); `paid_days` still lists every paid day.
    """
    first, last = month_bounds(year, month)
    return classify_range(
        tenant=tenant,
        first=first,
        last=last,
        employee_ids=employee_ids,
        unpaid_leave_types=unpaid_leave_types,
        progress=progress,
        with_punches=with_punches,
        calendar=calendar,
        only_exceptions=only_exceptions,
    )


def classify_range(
    *,
    tenant: Tenant,
    first: dt.date,
    last: dt.date,
    employee_ids: Collection[int] | None = None,
    unpaid_leave_types: Collection[str] = ("besar", "cltn"),
    progress: Callable[[int, int], None] | None = None,
    with_punches: bool | None = None,
    calendar: CalendarView | None = None,
    only_exceptions: bool = False,
) -> MonthClassification:
    """classify_month for any span of days (the daily recap uses a single day)."""
    m = _Month(
        tenant, calendar or calendar_for(tenant), first, last, employee_ids, unpaid_leave_types
    )
    m.only_exceptions = only_exceptions
    m.load_leaves_and_duties()
    m.load_corrections()
    if with_punches is None:
        with_punches = len(m.windows) <= PUNCH_DETAIL_LIMIT
    if with_punches and m.windows:
        m.load_details()
    result: dict[int, EmployeeMonth | None] = dict.fromkeys(m.windows)
    total, done = len(m.windows), 0
    step = max(1, total // 50)
    employees: dict[int, EmployeeMonth] = {}
    with gc_paused(total >= GC_PAUSE_FROM):
        for employee_id, punched, mask in m.aggregate():
            if employee_id not in result:
                continue
            result[employee_id] = m.build(employee_id, punched, mask)
            done += 1
            if progress is not None and done % step == 0:
                progress(done, total)
        for employee_id, value in result.items():
            employees[employee_id] = value if value is not None else m.build(employee_id, {})
    if progress is not None:
        progress(total, total)
    return MonthClassification(working_days=m.working_days, employees=employees)
