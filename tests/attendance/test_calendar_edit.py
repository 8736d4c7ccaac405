"""Editing the work calendar in the web UI (services and page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.attendance import calendar_edit as edit
from pamong.attendance.calendar import calendar_for
from pamong.attendance.models import WorkCalendar
from pamong.core.actor import actor_for_user
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from tests.attendance.helpers import STANDARD, set_calendar

PAGE = reverse("attendance:calendar")
YAML = reverse("attendance:calendar-yaml")


@pytest.fixture
def admin(world):
    return actor_for_user(world.admin_user)


def test_first_edit_must_be_the_weekly_schedule(world, admin):
    with pytest.raises(InputErrors, match="1 problem"):
        edit.add_holiday(actor=admin, day=dt.date(2026, 10, 5), name="Hari jadi")
    with pytest.raises(InputErrors):
        edit.set_schedule(actor=admin, week={"mon": " "})
    edit.set_schedule(actor=admin, week={"mon": "07:30-16:00", "fri": "07:30-16:30"})
    cal = calendar_for(world.tenant)
    assert cal.is_working_day(dt.date(2026, 11, 2)) and not cal.is_working_day(dt.date(2026, 11, 3))


def test_schedule_validation_names_the_day(world, admin):
    set_calendar(world.tenant)
    with pytest.raises(InputErrors) as err:
        edit.set_schedule(actor=admin, week={"mon": "16:00-07:30", "tue": "7.30-16"})
    messages = [e.message for e in err.value.errors]
    assert any(m.startswith("schedule.mon:") and "sesudah" in m for m in messages)
    assert any(m.startswith("schedule.tue:") for m in messages)
    assert calendar_for(world.tenant).schedule_for(dt.date(2026, 11, 2)) is not None  # unchanged


def test_override_holiday_and_cuti_bersama_change_working_days(world, admin):
    set_calendar(world.tenant)
    edit.add_override(
        actor=admin, start=dt.date(2026, 11, 9), end=dt.date(2026, 11, 13),
        week={"mon": "08:00-15:00", "tue": "08:00-15:00"},
    )  # fmt: skip
    edit.add_holiday(actor=admin, day=dt.date(2026, 11, 2), name="Hari jadi Sofifi")
    edit.add_cuti_bersama(actor=admin, day=dt.date(2026, 11, 3))
    cal = calendar_for(world.tenant)
    assert cal.holiday_name(dt.date(2026, 11, 2)) == "Hari jadi Sofifi"
    assert cal.holiday_name(dt.date(2026, 11, 3)) == "cuti bersama"
    assert cal.schedule_for(dt.date(2026, 11, 9)).start == dt.time(8)
    assert not cal.is_working_day(dt.date(2026, 11, 11))  # the override leaves Wednesday out
    edit.remove_override(actor=admin, index=0)
    edit.remove_holiday(actor=admin, day=dt.date(2026, 11, 2))
    edit.remove_cuti_bersama(actor=admin, day=dt.date(2026, 11, 3))
    cal = calendar_for(world.tenant)
    assert all(cal.is_working_day(dt.date(2026, 11, d)) for d in (2, 3, 11))
    changes = list(
        AuditLog.objects.filter(action="attendance.calendar.edited")
        .order_by("pk")
        .values_list("data__change", flat=True)
    )
    assert changes == [
        "override.add", "holiday.add", "cuti_bersama.add",
        "override.remove", "holiday.remove", "cuti_bersama.remove",
    ]  # fmt: skip


def test_edit_refusals(world, admin):
    set_calendar(world.tenant, holidays=[{"date": "2026-10-05", "name": "X"}])
    cases = [
        lambda: edit.add_override(
            actor=admin, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 1), week={}
        ),  # noqa: E501
        lambda: edit.add_override(
            actor=admin, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 2), week={"mon": "x"}
        ),  # noqa: E501
        lambda: edit.add_holiday(actor=admin, day=dt.date(2026, 10, 5), name="Y"),
        lambda: edit.add_holiday(actor=admin, day=dt.date(2026, 10, 6), name=" "),
        lambda: edit.remove_holiday(actor=admin, day=dt.date(2026, 10, 6)),
        lambda: edit.remove_cuti_bersama(actor=admin, day=dt.date(2026, 10, 6)),
        lambda: edit.remove_override(actor=admin, index=3),
    ]
    before = WorkCalendar.objects.get().updated_at
    for case in cases:
        with pytest.raises(InputErrors):
            case()
    assert WorkCalendar.objects.get().updated_at == before
    with pytest.raises(PermissionDenied):
        edit.set_national_holidays(actor=actor_for_user(world.head_user), enabled=False)


def test_page_view_and_edit(world):
    set_calendar(world.tenant, national_holidays=True)
    admin = world.client_for(world.admin_user)
    page = admin.get(PAGE + "?year=2026")
    html = page.content.decode()
    assert page.status_code == 200 and "07:30-16:00" in html
    assert "Kemerdekaan" in html  # national holidays from the library, 17 Aug
    response = admin.post(
        PAGE, {"action": "holiday-add", "date": "2026-10-05", "name": "Hari jadi"}
    )
    assert response.status_code == 302
    assert "Hari jadi" in admin.get(PAGE + "?year=2026").content.decode()
    bad = admin.post(PAGE, {"action": "holiday-add", "date": "5/10/2026", "name": "x"})
    assert bad.status_code == 400 and "date:" in bad.content.decode()
    week = {day: "" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    week.update(mon="07:00-15:00", sat="07:00-12:00")
    assert admin.post(PAGE, {"action": "schedule", **week}).status_code == 302
    assert calendar_for(world.tenant).is_working_day(dt.date(2026, 11, 7))
    assert admin.post(PAGE, {"action": "nope"}).status_code == 400


def test_page_yaml_upload_and_download(world):
    admin = world.client_for(world.admin_user)
    assert admin.get(YAML).status_code == 404  # none loaded yet
    text = "schedule:\n  mon: '07:30-16:00'\ncuti_bersama: [2026-12-24]\n"
    upload = SimpleUploadedFile("calendar.yaml", text.encode())
    assert admin.post(PAGE, {"action": "upload", "file": upload}).status_code == 302
    downloaded = admin.get(YAML)
    assert downloaded.status_code == 200 and "2026-12-24" in downloaded.content.decode()
    broken = SimpleUploadedFile("calendar.yaml", b"schedule: [")
    assert admin.post(PAGE, {"action": "upload", "file": broken}).status_code == 400


def test_page_permissions_and_isolation(world):
    set_calendar(world.tenant)
    set_calendar(world.other_tenant, schedule={**STANDARD["schedule"], "sat": "08:00-12:00"})
    auditor = world.client_for(world.auditor_user)
    assert auditor.get(PAGE).status_code == 200  # read-only
    assert 'name="action"' not in auditor.get(PAGE).content.decode()
    assert auditor.post(PAGE, {"action": "national", "enabled": "0"}).status_code == 403
    assert world.client_for(world.head_user).get(PAGE).status_code == 403
    assert world.client_for(world.employee_user).post(PAGE, {"action": "x"}).status_code == 403
    other = world.client_for(world.other_admin_user)
    assert "08:00-12:00" in other.get(PAGE).content.decode()
    assert "08:00-12:00" not in world.client_for(world.admin_user).get(PAGE).content.decode()
    assert world.client_for(world.admin_user).put(PAGE).status_code == 405
