"""Shared helpers for attendance tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pamong.attendance.calendar import load_calendar
from pamong.attendance.models import Duty, Leave, Punch, WorkCalendar
from pamong.core.actor import system_actor
from pamong.core.models import Tenant
from pamong.org.models import Employee

STANDARD = {
    "schedule": {
        "mon": "07:30-16:00",
        "tue": "07:30-16:00",
        "wed": "07:30-16:00",
        "thu": "07:30-16:00",
        "fri": "07:30-16:30",
    },
    "national_holidays": False,
}


def set_calendar(tenant: Tenant, **changes: object) -> WorkCalendar:
    return load_calendar(actor=system_actor(tenant), data={**STANDARD, **changes})


def punch(employee: Employee, when: str, tz: str | None = None) -> Punch:
    """`when` is local 'YYYY-MM-DD HH:MM:SS[.ffffff]' in the tenant zone, or ISO with offset."""
    moment = dt.datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz or employee.tenant.timezone))
    return Punch.objects.create(tenant=employee.tenant, employee=employee, at=moment)


def leave(employee: Employee, kind: str, start: str, end: str) -> Leave:
    return Leave.objects.create(
        tenant=employee.tenant,
        employee=employee,
        kind=kind,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
    )


def duty(employee: Employee, start: str, end: str) -> Duty:
    return Duty.objects.create(
        tenant=employee.tenant,
        employee=employee,
        start=dt.date.fromisoformat(start),
        end=dt.date.fromisoformat(end),
    )
