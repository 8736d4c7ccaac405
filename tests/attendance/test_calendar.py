"""calendar.yaml: validation messages, load/replace/audit, export round trip, CalendarView."""

from __future__ import annotations

import datetime as dt

import pytest

from pamong.attendance.calendar import (
    CalendarView,
    calendar_for,
    export_calendar,
    load_calendar,
)
from pamong.attendance.classify import classify_month
from pamong.attendance.models import WorkCalendar
from pamong.core.actor import actor_for_user, system_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog, Tenant
from tests.attendance.helpers import STANDARD
from tests.examples import WORKED_EXAMPLE

EXAMPLE = WORKED_EXAMPLE
D = dt.date.fromisoformat


def messages(tenant: Tenant, data: object) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        load_calendar(actor=system_actor(tenant), data=data)  # type: ignore[arg-type]
    return [e.message for e in exc.value.errors]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"national_holidays": True}, "schedule: wajib diisi"),
        ({**STANDARD, "libur": []}, "libur: kunci tidak dikenal"),
        ({"schedule": {"mon": "7:30-16:00"}}, "schedule.mon: jam kerja harus berformat"),
        ({"schedule": {"mon": "16:00-07:30"}}, "schedule.mon: jam selesai harus sesudah"),
        ({"schedule": {"mon": "07:30-25:00"}}, "schedule.mon: jam tidak sah"),
        ({"schedule": {"senin": "07:30-16:00"}}, "schedule.senin: hari tidak dikenal"),
        ({**STANDARD, "national_holidays": "ya"}, "national_holidays: harus true atau false"),
        ({**STANDARD, "holidays": [{"date": "2026-13-01"}]}, "holidays[0].date: tanggal"),
        ({**STANDARD, "holidays": [{"name": "x"}]}, "holidays[0].date: wajib diisi"),
        ({**STANDARD, "cuti_bersama": ["besok"]}, "cuti_bersama[0]: tanggal harus"),
        ({**STANDARD, "cuti_bersama": "2026-12-24"}, "cuti_bersama: harus berupa daftar"),
        (
            {**STANDARD, "overrides": [{"from": "2026-03-01", "to": "2026-02-01", "schedule": {}}]},
            "overrides[0].to: tanggal akhir sebelum tanggal awal",
        ),
        ({**STANDARD, "overrides": [{"from": "2026-03-01"}]}, "overrides[0].to: wajib diisi"),
        (
            {
                **STANDARD,
                "overrides": [{"from": "2026-03-01", "to": "2026-03-02", "schedule": {"fri": "x"}}],
            },
            "overrides[0].schedule.fri: jam kerja harus berformat",
        ),  # fmt: skip
        ("schedule: [unclosed", "YAML tidak sah"),
        ("- a\n- b\n", "berkas harus berisi pemetaan YAML"),
    ],
)
def test_validation_names_the_field(world, data, expected):
    found = messages(world.tenant, data)
    assert any(m.startswith(expected) for m in found), found
    assert not WorkCalendar.objects.filter(tenant=world.tenant).exists()


def test_all_problems_reported_at_once(world):
    found = messages(world.tenant, {"schedule": {"mon": "x", "tue": "y"}, "foo": 1})
    assert len(found) == 3


def test_load_replaces_and_audits(world):
    actor = system_actor(world.tenant)
    first = load_calendar(actor=actor, data=(EXAMPLE / "calendar.yaml").read_bytes())
    second = load_calendar(actor=actor, data={**STANDARD, "cuti_bersama": ["2026-12-24"]})
    assert first.pk == second.pk
    assert WorkCalendar.objects.filter(tenant=world.tenant).count() == 1
    entries = AuditLog.objects.filter(tenant=world.tenant, action="attendance.calendar.load")
    assert entries.count() == 2
    last = entries.order_by("-id").first()
    assert last.after["cuti_bersama"] == ["2026-12-24"]
    assert last.before["cuti_bersama"] == []


def test_load_needs_manage_right(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        load_calendar(actor=actor_for_user(world.employee_user), data=STANDARD)
    load_calendar(actor=actor_for_user(world.admin_user), data=STANDARD)


def test_calendar_is_per_tenant(world):
    load_calendar(actor=system_actor(world.tenant), data=STANDARD)
    with pytest.raises(InputErrors):
        calendar_for(world.other_tenant)


def test_export_round_trip(world):
    data = {
        **STANDARD,
        "overrides": [{"from": D("2026-02-18"), "to": D("2026-03-19"),
                       "schedule": {"mon": "08:00-15:00"}}],
        "holidays": [{"date": D("2026-10-05"), "name": "Hari jadi kota"}],
        "cuti_bersama": [D("2026-12-24")],
    }  # fmt: skip
    load_calendar(actor=system_actor(world.tenant), data=data)
    text = export_calendar(world.tenant)
    assert "2026-12-24" in text and "'" not in text.split("cuti_bersama")[1]
    load_calendar(actor=system_actor(world.other_tenant), data=text)
    assert calendar_for(world.other_tenant).data == calendar_for(world.tenant).data


def test_view_schedule_and_holidays():
    view = CalendarView(
        {
            **STANDARD,
            "national_holidays": True,
            "overrides": [
                {"from": "2026-03-01", "to": "2026-03-31", "schedule": {"mon": "08:00-15:00"}},
                {"from": "2026-03-09", "to": "2026-03-09", "schedule": {"mon": "09:00-15:00"}},
            ],
            "holidays": [{"date": "2026-03-10", "name": "Hari jadi"}],
            "cuti_bersama": ["2026-03-11"],
        }
    )
    assert view.schedule_for(D("2026-03-02")).start == dt.time(8, 0)
    assert view.schedule_for(D("2026-03-09")).start == dt.time(9, 0)  # later entry wins
    assert view.schedule_for(D("2026-03-03")) is None  # Tuesday left out of the override
    assert view.schedule_for(D("2026-04-06")).start == dt.time(7, 30)
    assert view.schedule_for(D("2026-04-04")) is None  # Saturday
    assert view.is_holiday(D("2026-03-10")) and view.is_holiday(D("2026-03-11"))
    assert view.is_holiday(D("2026-08-17"))  # Hari Kemerdekaan
    assert not view.is_holiday(D("2026-08-18"))
    assert view.working_days(D("2026-08-17"), D("2026-08-21")) == [
        D("2026-08-18"), D("2026-08-19"), D("2026-08-20"), D("2026-08-21")
    ]  # fmt: skip
    off = CalendarView({**STANDARD, "national_holidays": False})
    assert not off.is_holiday(D("2026-08-17"))


def test_example_tenant_october_has_21_working_days(db):
    tenant = Tenant.objects.create(slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")
    load_calendar(actor=system_actor(tenant), data=(EXAMPLE / "calendar.yaml").read_text())
    result = classify_month(tenant=tenant, year=2026, month=10)
    assert len(result.working_days) == 21
    assert D("2026-10-05") not in result.working_days
