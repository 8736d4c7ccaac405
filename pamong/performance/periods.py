"""Rating periods: a month `YYYY-MM` or, for the annual rating, the year `YYYY`; and the
periods offered by the pages: the months and, once open, the year.

No queries: the choices come from the tenant's today."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# The annual evaluation (penilaian akhir tahun, domain.md §1.7) has the year as its period.
ANNUAL_RE = re.compile(r"^\d{4}$")
YEARS_OFFERED = 3

Choices = list[tuple[str, list[tuple[str, str]]]]


def is_rating_period(period: str) -> bool:
    """A month `YYYY-MM` or a year `YYYY` (the annual rating)."""
    return bool(PERIOD_RE.match(period) or ANNUAL_RE.match(period))


def period_label(period: str) -> str:
    if ANNUAL_RE.match(period):
        return _("Tahunan %(year)s") % {"year": period}
    return period


def period_choices(today: dt.date, selected: str) -> Choices:
    """Grouped by year, newest first: the year itself (from December on, when its annual
    rating opens) then its months up to the current one."""
    groups: Choices = []
    for year in range(today.year, today.year - YEARS_OFFERED, -1):
        options: list[tuple[str, str]] = []
        if year < today.year or today.month == 12:
            options.append((str(year), period_label(str(year))))
        last = today.month if year == today.year else 12
        options += [
            (f"{year:04d}-{month:02d}", date_format(dt.date(year, month, 1), "F Y"))
            for month in range(last, 0, -1)
        ]
        groups.append((str(year), options))
    offered = {value for _year, options in groups for value, _label in options}
    if selected and selected not in offered and is_rating_period(selected):
        groups.insert(0, ("", [(selected, period_label(selected))]))
    return groups
