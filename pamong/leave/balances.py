"""Annual leave (cuti tahunan) balances, domain.md §4.2, computed set-based for a tenant.

Approved leave is read from `attendance.Leave` (requests approved in Pamong and leave
imported with `pamong import leave` alike) and counted in working days of the tenant
calendar, split by year. The right of year Y is 12 days, or none when Y ends before the
first anniversary of the service start or a cuti besar starts in Y. Carry-over into Y:
- the remnant of Y-1, at most 6 days (total at most 18);
- at most 12 days (total 24) when Y-1 and Y-2 both had a right and no annual leave was
  taken in either (a year without a right is not an "unused" year), or as far as the
  official deferred (ditangguhkan) annual leave in Y-1.
- a PPPK has no right before one year either, except PPPK_EARLY_DAYS for a family
  emergency or a first marriage (never carried over), and carries over only with a
  contract longer than 2 years (the remnant, to 18) or longer than 3 years (as above, 24).
Travel days to a hard-to-reach destination (a request's `end` to `range_end`) are part
of the attendance Leave row but not of the balance.
The first tracked year (LeaveSettings.first_year) starts from the imported opening balances;
years before it are unknown, so they never count as "unused".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pamong.attendance.calendar import CalendarView
from pamong.attendance.models import Leave, LeaveType
from pamong.core.models import Tenant
from pamong.org.models import Employee, EmployeeStatus

from .models import LeaveRequest, LeaveSettings, OpeningBalance
from .rules import (
    ANNUAL_DAYS,
    CARRY_MAX,
    CARRY_NORMAL,
    PPPK_EARLY_DAYS,
    has_annual_right,
    pppk_carry_limit,
    start_of_service,
)

COLUMNS = ["nip", "nama", "hak_tahun_ini", "sisa_tahun_lalu", "hak_total", "terpakai", "sisa"]


@dataclass(frozen=True)
class Balance:
    employee_id: int
    nip: str
    name: str
    year: int
    hak_tahun_ini: int
    sisa_tahun_lalu: int
    terpakai: int
    pending: int = 0  # requested, not decided yet: not spendable twice

    @property
    def hak_total(self) -> int:
        return self.hak_tahun_ini + self.sisa_tahun_lalu

    @property
    def sisa(self) -> int:
        return self.hak_total - self.terpakai

    @property
    def available(self) -> int:
        return self.sisa - self.pending

    def row(self) -> list[object]:
        return [
            self.nip,
            self.name,
            self.hak_tahun_ini,
            self.sisa_tahun_lalu,
            self.hak_total,
            self.terpakai,
            self.sisa,
        ]


def first_year(tenant: Tenant, year: int) -> int:
    settings = LeaveSettings.objects.filter(tenant=tenant).first()
    if settings is None or settings.first_year is None:
        return year
    return min(settings.first_year, year)


def _split_by_year(cal: CalendarView, start: dt.date, end: dt.date, years: range) -> dict[int, int]:
    out: dict[int, int] = {}
    for year in years:
        lo, hi = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        if lo <= hi:
            out[year] = len(cal.working_days(lo, hi))
    return out


def compute_balances(
    tenant: Tenant,
    year: int,
    cal: CalendarView,
    *,
    employee_ids: Iterable[int] | None = None,
    exclude_request_id: int = 0,
) -> dict[int, Balance]:
    """Balances of `year` for the tenant's employees (or the given ones): a fixed handful
    of queries whatever the number of employees."""
    first = first_year(tenant, year)
    years = range(first, year + 1)
    employees = Employee.objects.filter(tenant=tenant)
    if employee_ids is not None:
        employees = employees.filter(pk__in=list(employee_ids))
    else:  # the tenant's list leaves out people who have left
        employees = employees.exclude(status__in=[EmployeeStatus.PENSIUN, EmployeeStatus.BERHENTI])
    people = list(
        employees.order_by("nip").values_list(
            "pk", "nip", "name", "employee_type", "tmt_unit", "contract_start", "contract_end"
        )
    )
    ids = [p[0] for p in people]
    leaves = Leave.objects.filter(
        tenant=tenant,
        kind__in=[LeaveType.TAHUNAN, LeaveType.BESAR],
        start__lte=dt.date(year, 12, 31),
        end__gte=dt.date(first, 1, 1),
    )
    requests = LeaveRequest.objects.filter(
        tenant=tenant,
        kind=LeaveType.TAHUNAN,
        status__in=[*LeaveRequest.OPEN, LeaveRequest.Status.DEFERRED],
        start__lte=dt.date(year, 12, 31),
        end__gte=dt.date(first, 1, 1),
    ).exclude(pk=exclude_request_id)
    openings = OpeningBalance.objects.filter(tenant=tenant, year=first)
    if employee_ids is not None:
        leaves, requests = leaves.filter(employee_id__in=ids), requests.filter(employee_id__in=ids)
        openings = openings.filter(employee_id__in=ids)
    used: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    besar: dict[int, set[int]] = defaultdict(set)
    rows = leaves.values_list("employee_id", "kind", "start", "end", "request__end")
    for employee_id, kind, start, end, leave_end in rows:
        if kind == LeaveType.BESAR:
            besar[employee_id].add(start.year)  # cuti besar forfeits that year's cuti tahunan
            continue
        # A request's travel days (after its own end) keep the employee away but are free.
        end = min(end, leave_end) if leave_end is not None else end
        for y, days in _split_by_year(cal, start, end, years).items():
            used[employee_id][y] += days
    deferred: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    pending: dict[int, int] = defaultdict(int)
    for employee_id, status, start, end in requests.values_list(
        "employee_id", "status", "start", "end"
    ):
        split = _split_by_year(cal, start, end, years)
        if status == LeaveRequest.Status.DEFERRED:
            for y, days in split.items():
                deferred[employee_id][y] += days
        else:
            pending[employee_id] += split.get(year, 0)
    opening = dict(openings.values_list("employee_id", "carried_days"))
    out: dict[int, Balance] = {}
    for pk, nip, name, kind, tmt, contract_start, contract_end in people:
        since = start_of_service(nip, kind, tmt, contract_start)
        limit = pppk_carry_limit(contract_start, contract_end) if kind == "PPPK" else CARRY_MAX
        hak, carry = _right_and_carry(
            years, besar[pk], since, limit, opening.get(pk, 0), used[pk], deferred[pk]
        )
        if not hak and kind == "PPPK" and year not in besar[pk]:
            # Before one year a PPPK may still take a few days for a family emergency or a
            # first marriage (rules.early_problems): they are this year's whole right and
            # never carry over.
            hak = PPPK_EARLY_DAYS
        out[pk] = Balance(pk, nip, name, year, hak, carry, used[pk][year], pending[pk])
    return out


def _right_and_carry(
    years: range,
    besar: set[int],
    since: dt.date | None,
    limit: int,
    opening: int,
    used: dict[int, int],
    deferred: dict[int, int],
) -> tuple[int, int]:
    """(the right of the last year, the days carried into it) for one employee."""
    first = years[0]
    rights = {y: 0 if y in besar or not has_annual_right(since, y) else ANNUAL_DAYS for y in years}
    carry = opening
    for y in years[1:]:
        remnant = max(0, rights[y - 1] + carry - used[y - 1])
        unused_two = (
            y - 2 >= first
            and rights[y - 1] > 0
            and rights[y - 2] > 0
            and not used[y - 1]
            and not used[y - 2]
        )
        cap = CARRY_MAX if unused_two else max(CARRY_NORMAL, deferred[y - 1])
        carry = min(remnant, cap, limit)
    return rights[years[-1]], carry
