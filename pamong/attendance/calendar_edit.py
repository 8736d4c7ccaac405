"""Editing the work calendar piece by piece from the web UI.

Every edit takes the stored calendar.yaml data, changes one part, validates the whole
result with `validate_calendar` (the same rules as loading a file) plus the checks below,
and saves it with an audit entry naming the change. Nothing is saved when any check fails.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require

from .calendar import CALENDAR_FIELDS, WEEKDAYS, calendar_data, validate_calendar
from .models import WorkCalendar

Change = Callable[[dict[str, Any]], None]


def _fail(field: str, message: str) -> InputErrors:
    return InputErrors([InputError(message=f"{field}: {message}", column=field, source="kalender")])


def _week(week: dict[str, str]) -> dict[str, str]:
    """Blank weekdays are days off; the rest must be HH:MM-HH:MM (checked by validation)."""
    return {day: (week.get(day) or "").strip() for day in WEEKDAYS if (week.get(day) or "").strip()}


@transaction.atomic
def edit_calendar(
    *, actor: Actor, change: Change, what: str, detail: dict[str, Any]
) -> WorkCalendar:
    """Apply `change` to the tenant calendar's data, validate, save and audit as `what`."""
    require(actor, "attendance.manage")
    assert actor.tenant is not None
    calendar = (
        WorkCalendar.objects.select_for_update()
        .filter(tenant=actor.tenant, unit__isnull=True)
        .first()
    )
    if calendar is None:
        if what != "schedule":
            raise _fail("schedule", _("isi jadwal mingguan dulu"))
        calendar = WorkCalendar(tenant=actor.tenant, unit=None)
        before = None
        data: dict[str, Any] = {key: [] for key in ("overrides", "holidays", "cuti_bersama")}
        data.update(schedule={}, national_holidays=True)
    else:
        before = snapshot(calendar, CALENDAR_FIELDS)
        data = calendar_data(calendar)
    change(data)
    clean = validate_calendar(data, source="kalender")
    for key, value in clean.items():
        setattr(calendar, key, value)
    calendar.save()
    audit(
        actor=actor,
        action="attendance.calendar.edited",
        obj=calendar,
        before=before,
        after=snapshot(calendar, CALENDAR_FIELDS),
        data={"change": what, **detail},
    )
    return calendar


def set_schedule(*, actor: Actor, week: dict[str, str]) -> WorkCalendar:
    clean = _week(week)
    if not clean:
        raise _fail("schedule", _("jadwal mingguan harus punya paling sedikit satu hari kerja"))

    def change(data: dict[str, Any]) -> None:
        data["schedule"] = clean

    return edit_calendar(actor=actor, change=change, what="schedule", detail={"schedule": clean})


def add_override(
    *, actor: Actor, start: dt.date, end: dt.date, week: dict[str, str]
) -> WorkCalendar:
    """Hours for a date range (e.g. Ramadan); later overrides win where they overlap."""
    if end < start:
        raise _fail("overrides.to", _("tanggal akhir sebelum tanggal awal"))
    if (end - start).days > 366:
        raise _fail("overrides.to", _("rentang paling lama satu tahun"))
    item = {"from": start.isoformat(), "to": end.isoformat(), "schedule": _week(week)}

    def change(data: dict[str, Any]) -> None:
        data["overrides"] = [*data["overrides"], item]

    return edit_calendar(actor=actor, change=change, what="override.add", detail=item)


def remove_override(*, actor: Actor, index: int) -> WorkCalendar:
    def change(data: dict[str, Any]) -> None:
        if not 0 <= index < len(data["overrides"]):
            raise _fail("overrides", _("jadwal khusus tidak ditemukan"))
        data["overrides"] = [o for i, o in enumerate(data["overrides"]) if i != index]

    return edit_calendar(
        actor=actor, change=change, what="override.remove", detail={"index": index}
    )  # noqa: E501


def add_holiday(*, actor: Actor, day: dt.date, name: str) -> WorkCalendar:
    name = name.strip()
    if not name:
        raise _fail("holidays.name", _("nama hari libur wajib diisi"))
    if len(name) > 100:
        raise _fail("holidays.name", _("terlalu panjang (maksimum 100 karakter)"))

    def change(data: dict[str, Any]) -> None:
        if any(h["date"] == day.isoformat() for h in data["holidays"]):
            raise _fail(
                "holidays.date", _("%(day)s sudah tercatat sebagai hari libur") % {"day": day}
            )  # noqa: E501
        data["holidays"] = sorted(
            [*data["holidays"], {"date": day.isoformat(), "name": name}], key=lambda h: h["date"]
        )

    return edit_calendar(
        actor=actor, change=change, what="holiday.add", detail={"date": day, "name": name}
    )  # noqa: E501


def remove_holiday(*, actor: Actor, day: dt.date) -> WorkCalendar:
    def change(data: dict[str, Any]) -> None:
        kept = [h for h in data["holidays"] if h["date"] != day.isoformat()]
        if len(kept) == len(data["holidays"]):
            raise _fail("holidays.date", _("%(day)s bukan hari libur daerah") % {"day": day})
        data["holidays"] = kept

    return edit_calendar(actor=actor, change=change, what="holiday.remove", detail={"date": day})


def add_cuti_bersama(*, actor: Actor, day: dt.date) -> WorkCalendar:
    def change(data: dict[str, Any]) -> None:
        if day.isoformat() in data["cuti_bersama"]:
            raise _fail(
                "cuti_bersama", _("%(day)s sudah tercatat sebagai cuti bersama") % {"day": day}
            )  # noqa: E501
        data["cuti_bersama"] = sorted([*data["cuti_bersama"], day.isoformat()])

    return edit_calendar(actor=actor, change=change, what="cuti_bersama.add", detail={"date": day})


def remove_cuti_bersama(*, actor: Actor, day: dt.date) -> WorkCalendar:
    def change(data: dict[str, Any]) -> None:
        if day.isoformat() not in data["cuti_bersama"]:
            raise _fail("cuti_bersama", _("%(day)s bukan cuti bersama") % {"day": day})
        data["cuti_bersama"] = [d for d in data["cuti_bersama"] if d != day.isoformat()]

    return edit_calendar(
        actor=actor, change=change, what="cuti_bersama.remove", detail={"date": day}
    )  # noqa: E501


def set_national_holidays(*, actor: Actor, enabled: bool) -> WorkCalendar:
    def change(data: dict[str, Any]) -> None:
        data["national_holidays"] = enabled

    return edit_calendar(
        actor=actor, change=change, what="national_holidays", detail={"enabled": enabled}
    )  # noqa: E501
