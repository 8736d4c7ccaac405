"""Cuti besar and annual leave in the same year (Perban BKN 24/2017), and the first-hajj
exception (PP 11/2017): the checks of a cuti besar request, domain.md §4.2."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pamong.attendance.calendar import CalendarView
from pamong.attendance.models import Leave, LeaveType
from pamong.org.models import Employee

from .balances import _split_by_year
from .models import LeaveRequest, ReasonCategory
from .rules import Rule, add_months


def annual_days_taken(employee: Employee, cal: CalendarView, year: int, exclude: int = 0) -> int:
    """Working days of cuti tahunan taken (approved or recorded) or still asked for in
    `year`; a request's travel days are not leave days."""
    rows = (
        Leave.objects.filter(
            tenant=employee.tenant_id,
            employee=employee,
            kind=LeaveType.TAHUNAN,
            start__lte=dt.date(year, 12, 31),
            end__gte=dt.date(year, 1, 1),
        )
        .exclude(request__pk=exclude)
        .values_list("start", "end", "request__end")
    )
    taken = 0
    for start, end, request_end in rows:
        end = min(end, request_end) if request_end is not None else end
        taken += _split_by_year(cal, start, end, range(year, year + 1)).get(year, 0)
    open_requests = LeaveRequest.objects.filter(
        tenant=employee.tenant_id,
        employee=employee,
        kind=LeaveType.TAHUNAN,
        status__in=LeaveRequest.OPEN,
        start__lte=dt.date(year, 12, 31),
        end__gte=dt.date(year, 1, 1),
    ).exclude(pk=exclude)
    for start, end in open_requests.values_list("start", "end"):
        taken += _split_by_year(cal, start, end, range(year, year + 1)).get(year, 0)
    return taken


def besar_last_day(rule: Rule, cal: CalendarView, start: dt.date, annual_taken: int) -> dt.date:
    """The last day a cuti besar from `start` may run: its months, shortened by the working
    days of annual leave already taken in the year it starts."""
    last = add_months(start, rule.max_months or 3) - dt.timedelta(days=1)
    if not annual_taken:
        return last
    days = cal.working_days(start, last)
    allowed = len(days) - annual_taken
    if allowed <= 0:
        return start - dt.timedelta(days=1)
    # Up to the day before the first working day that is no longer allowed.
    return days[allowed] - dt.timedelta(days=1) if allowed < len(days) else last


def besar_problems(
    employee: Employee,
    rule: Rule,
    cal: CalendarView,
    span: tuple[dt.date, dt.date],
    reason_category: str,
    exclude: int,
) -> list[tuple[str, str]]:
    """(field, message) pairs for a cuti besar request."""
    start, end = span
    problems: list[tuple[str, str]] = []
    if reason_category == ReasonCategory.HAJI_PERTAMA:
        earlier = (
            LeaveRequest.objects.filter(
                tenant=employee.tenant_id,
                employee=employee,
                kind=LeaveType.BESAR,
                reason_category=ReasonCategory.HAJI_PERTAMA,
                status__in=LeaveRequest.ACTIVE,
            )
            .exclude(pk=exclude)
            .exists()
        )
        if earlier:
            problems.append(
                (
                    "reason_category",
                    _(
                        "cuti besar untuk ibadah haji pertama sudah pernah diajukan; haji "
                        "berikutnya memerlukan masa kerja 5 tahun"
                    ),
                )
            )
    taken = annual_days_taken(employee, cal, start.year, exclude)
    if taken:
        last = besar_last_day(rule, cal, start, taken)
        if end > last:
            problems.append(
                (
                    "end",
                    _(
                        "cuti tahunan %(year)s yang sudah diambil (%(n)s hari kerja) mengurangi "
                        "cuti besar: paling lama sampai %(last)s"
                    )
                    % {"year": start.year, "n": taken, "last": last},
                )
            )
    return problems
