"""The tenant's work calendar: load/validate calendar.yaml, export it, and query it.

`CalendarView` is built once from a `WorkCalendar` (or its plain data) and answers every
question about days without touching the database again, so a TPP run over 100,000
employees asks it millions of times cheaply.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.models import Tenant
from pamong.core.permissions import require

from .models import WorkCalendar

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOP_KEYS = {"schedule", "overrides", "national_holidays", "holidays", "cuti_bersama"}
HOURS_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
CALENDAR_FIELDS = ["schedule", "overrides", "national_holidays", "holidays", "cuti_bersama"]


@dataclass(frozen=True)
class DaySchedule:
    start: dt.time
    end: dt.time

    @property
    def start_seconds(self) -> int:
        return self.start.hour * 3600 + self.start.minute * 60

    @property
    def end_seconds(self) -> int:
        return self.end.hour * 3600 + self.end.minute * 60


WeekSchedule = dict[int, DaySchedule]  # weekday (0 = Monday) -> hours


def _parse_hours(value: str) -> DaySchedule:
    """`"07:30-16:00"` -> DaySchedule; raises ValueError with an Indonesian message."""
    match = HOURS_RE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(_('jam kerja harus berformat "HH:MM-HH:MM"'))
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValueError(_("jam tidak sah"))
    start, end = dt.time(h1, m1), dt.time(h2, m2)
    if end <= start:
        raise ValueError(_("jam selesai harus sesudah jam mulai"))
    return DaySchedule(start, end)


def _week_from_data(data: dict[str, str]) -> WeekSchedule:
    return {WEEKDAYS.index(k): _parse_hours(v) for k, v in data.items()}


class _Checker:
    """Collects calendar problems; each message starts with the field path."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.errors: list[InputError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(
            InputError(message=f"{field}: {message}", column=field, source=self.source)
        )

    def date(self, field: str, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(field, _("tanggal harus berformat YYYY-MM-DD"))
        return None

    def week(self, field: str, value: Any, *, required: bool) -> dict[str, str]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.add(field, _("harus berupa pemetaan hari -> jam, mis. mon: 07:30-16:00"))
            return {}
        out: dict[str, str] = {}
        for key, hours in value.items():
            day = str(key).strip().lower()
            if day not in WEEKDAYS:
                self.add(f"{field}.{key}", _("hari tidak dikenal (mon, tue, ... sun)"))
                continue
            try:
                parsed = _parse_hours(hours)
            except ValueError as exc:
                self.add(f"{field}.{key}", str(exc))
                continue
            out[day] = f"{parsed.start:%H:%M}-{parsed.end:%H:%M}"
        return out


def _load_data(data: dict[str, Any] | str | bytes, source: str) -> dict[str, Any]:
    if isinstance(data, dict):
        return data
    try:
        parsed = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputErrors(
            [
                InputError(
                    message=_("YAML tidak sah: %(err)s") % {"err": exc},
                    row=None if line is None else line + 1,
                    source=source,
                )
            ]
        ) from exc
    if not isinstance(parsed, dict):
        raise InputErrors(
            [InputError(message=_("berkas harus berisi pemetaan YAML"), source=source)]
        )
    return parsed


def _list(check: _Checker, raw: dict[str, Any], key: str, message: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        check.add(key, message)
        return []
    return value


def _override(check: _Checker, field: str, item: Any) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        check.add(field, _("harus berupa pemetaan dengan from, to, schedule"))
        return None
    for key in item:
        if key not in {"from", "to", "schedule"}:
            check.add(f"{field}.{key}", _("kunci tidak dikenal"))
    for key in ("from", "to", "schedule"):
        if key not in item:
            check.add(f"{field}.{key}", _("wajib diisi"))
    start = check.date(f"{field}.from", item["from"]) if "from" in item else None
    end = check.date(f"{field}.to", item["to"]) if "to" in item else None
    if start and end and end < start:
        check.add(f"{field}.to", _("tanggal akhir sebelum tanggal awal"))
    week = check.week(f"{field}.schedule", item.get("schedule"), required=False)
    if start and end:
        return {"from": start.isoformat(), "to": end.isoformat(), "schedule": week}
    return None


def _holiday(check: _Checker, field: str, item: Any) -> dict[str, str] | None:
    if not isinstance(item, dict) or "date" not in item:
        check.add(f"{field}.date", _("wajib diisi"))
        return None
    for key in item:
        if key not in {"date", "name"}:
            check.add(f"{field}.{key}", _("kunci tidak dikenal"))
    day = check.date(f"{field}.date", item["date"])
    return {"date": day.isoformat(), "name": str(item.get("name") or "")} if day else None


def validate_calendar(
    data: dict[str, Any] | str | bytes, source: str = "calendar.yaml"
) -> dict[str, Any]:
    """Validate calendar.yaml content; return the normalised dict stored in WorkCalendar."""
    raw = _load_data(data, source)
    check = _Checker(source)
    for key in raw:
        if key not in TOP_KEYS:
            check.add(str(key), _("kunci tidak dikenal"))
    if "schedule" not in raw:
        check.add("schedule", _("wajib diisi"))
    schedule = check.week("schedule", raw.get("schedule"), required=True)
    raw_overrides = _list(check, raw, "overrides", _("harus berupa daftar"))
    overrides = [_override(check, f"overrides[{i}]", o) for i, o in enumerate(raw_overrides)]
    national = raw.get("national_holidays", True)
    if not isinstance(national, bool):
        check.add("national_holidays", _("harus true atau false"))
    raw_holidays = _list(check, raw, "holidays", _("harus berupa daftar"))
    holidays = [_holiday(check, f"holidays[{i}]", h) for i, h in enumerate(raw_holidays)]
    raw_cuti = _list(check, raw, "cuti_bersama", _("harus berupa daftar tanggal"))
    cuti = [check.date(f"cuti_bersama[{i}]", v) for i, v in enumerate(raw_cuti)]
    if check.errors:
        raise InputErrors(check.errors)
    return {
        "schedule": schedule,
        "overrides": [o for o in overrides if o],
        "national_holidays": bool(national),
        "holidays": [h for h in holidays if h],
        "cuti_bersama": [d.isoformat() for d in cuti if d],
    }


@transaction.atomic
def load_calendar(
    *, actor: Actor, data: dict[str, Any] | str | bytes, source: str = "calendar.yaml"
) -> WorkCalendar:
    """Validate calendar.yaml and replace the tenant's calendar with it (audited)."""
    require(actor, "attendance.manage")
    assert actor.tenant is not None
    clean = validate_calendar(data, source)
    calendar = WorkCalendar.objects.filter(tenant=actor.tenant, unit__isnull=True).first()
    before = snapshot(calendar, CALENDAR_FIELDS) if calendar else None
    if calendar is None:
        calendar = WorkCalendar(tenant=actor.tenant, unit=None)
    for key, value in clean.items():
        setattr(calendar, key, value)
    calendar.save()
    audit(
        actor=actor,
        action="attendance.calendar.load",
        obj=calendar,
        before=before,
        after=snapshot(calendar, CALENDAR_FIELDS),
        data={"file": source},
    )
    return calendar


def calendar_data(calendar: WorkCalendar) -> dict[str, Any]:
    return {key: getattr(calendar, key) for key in CALENDAR_FIELDS}


def export_calendar(tenant: Tenant) -> str:
    """The tenant's calendar as calendar.yaml text (loads back to the same calendar)."""
    calendar = _get_calendar(tenant)
    data = calendar_data(calendar)
    out: dict[str, Any] = {
        "schedule": data["schedule"],
        "overrides": [
            {
                "from": dt.date.fromisoformat(o["from"]),
                "to": dt.date.fromisoformat(o["to"]),
                "schedule": o["schedule"],
            }
            for o in data["overrides"]
        ],
        "national_holidays": data["national_holidays"],
        "holidays": [
            {"date": dt.date.fromisoformat(h["date"]), "name": h["name"]} for h in data["holidays"]
        ],
        "cuti_bersama": [dt.date.fromisoformat(d) for d in data["cuti_bersama"]],
    }
    return yaml.safe_dump(out, sort_keys=False, allow_unicode=True)


@lru_cache(maxsize=32)
def _national_holidays(year: int) -> dict[dt.date, str]:
    import holidays as holidays_lib

    return dict(holidays_lib.country_holidays("ID", years=year, language="id").items())


class CalendarView:
    """Pure, read-only view of one calendar. No database access after construction."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.base: WeekSchedule = _week_from_data(data.get("schedule") or {})
        self.overrides: list[tuple[dt.date, dt.date, WeekSchedule]] = [
            (
                dt.date.fromisoformat(o["from"]),
                dt.date.fromisoformat(o["to"]),
                _week_from_data(o.get("schedule") or {}),
            )
            for o in data.get("overrides") or []
        ]
        self.national = bool(data.get("national_holidays"))
        self.extra: dict[dt.date, str] = {
            dt.date.fromisoformat(h["date"]): h.get("name") or ""
            for h in data.get("holidays") or []
        }
        self.cuti_bersama: set[dt.date] = {
            dt.date.fromisoformat(d) for d in data.get("cuti_bersama") or []
        }

    @classmethod
    def from_model(cls, calendar: WorkCalendar) -> CalendarView:
        return cls(calendar_data(calendar))

    def schedule_for(self, day: dt.date) -> DaySchedule | None:
        """Later overrides win; an override leaving the weekday out means no work that day."""
        for start, end, week in reversed(self.overrides):
            if start <= day <= end:
                return week.get(day.weekday())
        return self.base.get(day.weekday())

    def holiday_name(self, day: dt.date) -> str | None:
        """Why the day is off (national or extra holiday, cuti bersama), else None."""
        if day in self.extra:
            return self.extra[day] or _("hari libur")
        if day in self.cuti_bersama:
            return _("cuti bersama")
        if self.national:
            name = _national_holidays(day.year).get(day)
            if name is not None:
                return name
        return None

    def is_holiday(self, day: dt.date) -> bool:
        return self.holiday_name(day) is not None

    def is_working_day(self, day: dt.date) -> bool:
        return self.schedule_for(day) is not None and not self.is_holiday(day)

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Working days from start to end, both inclusive."""
        days: list[dt.date] = []
        day = start
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days


def _get_calendar(tenant: Tenant) -> WorkCalendar:
    calendar = WorkCalendar.objects.filter(tenant=tenant, unit__isnull=True).first()
    if calendar is None:
        raise InputErrors(
            [
                InputError(
                    message=_(
                        "kalender kerja belum dimuat untuk pemda ini (pamong calendar load FILE)"
                    ),
                    source="calendar.yaml",
                )
            ]
        )
    return calendar


def calendar_for(tenant: Tenant) -> CalendarView:
    """The tenant's calendar; InputErrors when none was loaded yet."""
    return CalendarView.from_model(_get_calendar(tenant))
