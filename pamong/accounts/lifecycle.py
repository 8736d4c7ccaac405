"""When an employee's login ends: retirement, death or dismissal, from the date it takes effect."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from pamong.org.models import Employee, EmployeeStatus

# Pensiun covers retirement; berhenti covers death and dismissal (diberhentikan).
ENDED_STATUSES = (EmployeeStatus.PENSIUN, EmployeeStatus.BERHENTI)


def service_ended(employee: Employee | None, today: dt.date) -> bool:
    """True from the end date on; without an end date, as soon as the status says so."""
    if employee is None:
        return False
    if employee.end_date is not None:
        return employee.end_date <= today
    return employee.status in ENDED_STATUSES


def ended_q(today: dt.date, prefix: str = "employee__") -> Q:
    """The same rule as a filter on users (prefix "employee__") or employees (prefix "")."""
    return Q(**{f"{prefix}end_date__lte": today}) | Q(
        **{f"{prefix}end_date__isnull": True, f"{prefix}status__in": ENDED_STATUSES}
    )
