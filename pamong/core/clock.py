"""The one clock of Pamong.

Every rule that depends on "now" or "today" asks this module, never `datetime.now()`,
`date.today()` or `timezone.localdate()` directly. A tenant's day is the day in its own
timezone (WIB, WITA or WIT), not the server's: at 23:30 WIB it is already tomorrow in
Sofifi. Tests move the clock with the `clock` fixture (tests/conftest.py), which travels
with time-machine, so Django's own timestamps (`auto_now`, sessions) agree with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone


class HasTimezone(Protocol):
    timezone: str


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return timezone.now()


def zone(tenant: HasTimezone | str | None) -> ZoneInfo:
    """The tenant's zone; the installation's default when there is no tenant."""
    if tenant is None:
        return ZoneInfo(str(timezone.get_default_timezone()))
    return ZoneInfo(tenant if isinstance(tenant, str) else tenant.timezone)


def local_now(tenant: HasTimezone | str | None) -> dt.datetime:
    """The current wall-clock time in the tenant's timezone."""
    return now().astimezone(zone(tenant))


def today(tenant: HasTimezone | str | None) -> dt.date:
    """Today's date in the tenant's timezone."""
    return local_now(tenant).date()


def this_month(tenant: HasTimezone | str | None) -> dt.date:
    """The first day of the tenant's current month."""
    return today(tenant).replace(day=1)


def previous_month(tenant: HasTimezone | str | None) -> str:
    """The month before the tenant's current one, as `YYYY-MM`."""
    last = this_month(tenant) - dt.timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"
