"""Evaluation periods: `2026-S1` (January-June), `2026-S2` (July-December), `2026` (year).

The one place that parses and validates a period code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from pamong.core.errors import InputError, InputErrors

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-S(?P<half>[12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int | None = None  # 1, 2, or None for the whole year

    @property
    def code(self) -> str:
        return f"{self.year}-S{self.half}" if self.half else str(self.year)

    @property
    def is_year(self) -> bool:
        return self.half is None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def months(self) -> list[dt.date]:
        """First day of every month of the period (TPP runs are monthly)."""
        return [dt.date(self.year, m, 1) for m in range(self.start.month, self.end.month + 1)]

    def previous(self) -> Period:
        """The period before of the same length: 2026-S1 → 2025-S2, 2026 → 2025."""
        if self.half is None:
            return Period(self.year - 1)
        return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)

    def trend(self, count: int) -> list[Period]:
        """The `count` periods ending with this one, oldest first."""
        out = [self]
        while len(out) < count:
            out.append(out[-1].previous())
        return out[::-1]

    @property
    def label(self) -> str:
        if self.half is None:
            return _("Tahun %(year)s") % {"year": self.year}
        return _("Semester %(half)s %(year)s") % {"half": self.half, "year": self.year}

    def __str__(self) -> str:
        return self.code


def parse_period(value: str) -> Period:
    """`2026-S1`, `2026-S2` or `2026`; InputErrors naming the field otherwise."""
    match = PERIOD_RE.match((value or "").strip())
    if not match:
        message = _("periode %(value)r tidak dikenal: tulis 2026-S1, 2026-S2 atau 2026")
        raise InputErrors([InputError(message % {"value": value}, column="period")])
    year = int(match["year"])
    if not 2000 <= year <= 2100:
        message = _("tahun %(year)s di luar rentang 2000-2100") % {"year": year}
        raise InputErrors([InputError(message, column="period")])
    return Period(year, int(match["half"]) if match["half"] else None)
