"""tpp.md §2-§3 edge cases of classify_month (tenant sofifi: Asia/Jayapura, UTC+9)."""

from __future__ import annotations

import datetime as dt

import pytest

from pamong.attendance.classify import DayFacts, classify_month
from pamong.core.errors import InputErrors
from tests.attendance.helpers import duty, leave, punch, set_calendar

D = dt.date.fromisoformat


def facts(world, when: str = "2026-11-02", **kwargs) -> DayFacts:
    result = classify_month(tenant=world.tenant, year=2026, month=11, **kwargs)
    month = result.employees[world.employee.pk]
    return next(f for f in month.days if f.day == D(when))


@pytest.fixture
def cal(world):
    return set_calendar(world.tenant)


def test_no_calendar_is_a_clear_error(world):
    with pytest.raises(InputErrors) as exc:
        classify_month(tenant=world.tenant, year=2026, month=11)
    assert "kalender" in exc.value.errors[0].message


def test_working_days_of_november(world, cal):
    result = classify_month(tenant=world.tenant, year=2026, month=11)
    assert len(result.working_days) == 21
    assert D("2026-11-07") not in result.working_days  # Saturday
    assert result.working_days[0] == D("2026-11-02")


def test_all_employees_of_tenant_only(world, cal):
    result = classify_month(tenant=world.tenant, year=2026, month=11)
    assert world.employee.pk in result.employees
    assert world.foreigner.pk not in result.employees


def test_no_punch_is_absent(world, cal):
    f = facts(world)
    assert f.kind == "absent"
    assert (f.check_in, f.check_out, f.minutes_late, f.missing_in) == (None, None, 0, False)


@pytest.mark.parametrize(
    ("check_in", "late"),
    [("07:30:59", 0), ("07:31:00", 1), ("07:29:00", 0), ("08:00:30", 30), ("09:01:00", 91)],
)
def test_minutes_late_drop_seconds(world, cal, check_in, late):
    punch(world.employee, f"2026-11-02 {check_in}")
    punch(world.employee, "2026-11-02 16:05:00")
    f = facts(world)
    assert f.kind == "present"
    assert f.minutes_late == late
    assert f.minutes_early == 0


@pytest.mark.parametrize(
    ("check_out", "early"),
    [("15:59:01", 0), ("15:59:00", 1), ("15:58:59.500000", 1), ("15:30:00", 30), ("16:10", 0)],
)
def test_minutes_early_drop_seconds(world, cal, check_out, early):
    punch(world.employee, "2026-11-02 07:00:00")
    punch(world.employee, f"2026-11-02 {check_out}")
    assert facts(world).minutes_early == early


def test_friday_uses_its_own_end(world, cal):
    punch(world.employee, "2026-11-06 07:00:00")
    punch(world.employee, "2026-11-06 16:00:00")
    assert facts(world, "2026-11-06").minutes_early == 30


def test_many_punches_take_earliest_and_latest(world, cal):
    for t in ("12:00", "07:45", "16:20", "10:00"):
        punch(world.employee, f"2026-11-02 {t}:00")
    f = facts(world)
    assert f.check_in.strftime("%H:%M") == "07:45"
    assert f.check_out.strftime("%H:%M") == "16:20"
    assert (f.minutes_late, f.minutes_early, f.missing_in, f.missing_out) == (15, 0, False, False)
    assert len(f.punches) == 4
    assert [p.strftime("%H:%M") for p in f.punches] == ["07:45", "10:00", "12:00", "16:20"]


# Mon 07:30-16:00: mid is 11:45:00.
@pytest.mark.parametrize(
    ("time", "is_check_in"),
    [("11:44:59", True), ("11:44:59.999999", True), ("11:45:00", False), ("13:00:00", False)],
)
def test_single_punch_before_or_after_mid(world, cal, time, is_check_in):
    punch(world.employee, f"2026-11-02 {time}")
    f = facts(world)
    assert f.kind == "present"
    assert f.missing_out is is_check_in
    assert f.missing_in is not is_check_in
    if is_check_in:
        assert f.check_out is None and f.minutes_late == 254 and f.minutes_early == 0
    else:
        assert f.check_in is None and f.minutes_late == 0 and f.minutes_early > 0


def test_single_punch_mid_with_half_minute(world):
    # Fri 07:30-16:31 would give mid 12:00:30; use 07:30-16:01 -> mid 11:45:30.
    set_calendar(world.tenant, schedule={"mon": "07:30-16:01"})
    punch(world.employee, "2026-11-02 11:45:29")
    assert facts(world).missing_out is True


def test_single_late_check_out_counts_early_minutes(world, cal):
    punch(world.employee, "2026-11-02 15:00:00")
    f = facts(world)
    assert (f.missing_in, f.minutes_early) == (True, 60)


def test_punch_with_other_offset_lands_on_local_day(world, cal):
    # 23:30 WIB on Sunday 1 Nov is 01:30 WIT on Monday 2 Nov (sofifi is Asia/Jayapura).
    punch(world.employee, "2026-11-01T23:30:00+07:00")
    punch(world.employee, "2026-11-02T14:00:00+07:00")  # 16:00 WIT
    f = facts(world)
    assert f.check_in.strftime("%H:%M") == "01:30"
    assert f.check_out.strftime("%H:%M %z") == "16:00 +0900"
    assert f.check_in.utcoffset() == dt.timedelta(hours=9)


def test_punch_late_in_utc_day_is_next_local_day(world, cal):
    # 2026-11-02 22:50 UTC is 2026-11-03 07:50 WIT.
    punch(world.employee, "2026-11-02T22:50:00+00:00")
    assert facts(world).kind == "absent"
    f = facts(world, "2026-11-03")
    assert (f.minutes_late, f.missing_out) == (20, True)


def test_leave_beats_duty_beats_punches(world, cal):
    leave(world.employee, "sakit", "2026-11-02", "2026-11-02")
    duty(world.employee, "2026-11-02", "2026-11-03")
    punch(world.employee, "2026-11-02 09:00:00")
    punch(world.employee, "2026-11-03 09:00:00")
    f = facts(world)
    assert (f.kind, f.leave_type) == ("leave", "sakit")
    g = facts(world, "2026-11-03")
    assert (g.kind, g.minutes_late, g.missing_out) == ("duty", 0, False)


def test_leave_on_non_working_day_is_ignored(world, cal):
    leave(world.employee, "besar", "2026-11-07", "2026-11-08")
    month = classify_month(tenant=world.tenant, year=2026, month=11).employees[world.employee.pk]
    assert month.unpaid_leave_days == []
    assert len(month.paid_days) == 21


def test_unpaid_leave_lowers_paid_days(world, cal):
    leave(world.employee, "besar", "2026-11-02", "2026-11-08")
    leave(world.employee, "tahunan", "2026-11-09", "2026-11-09")
    month = classify_month(tenant=world.tenant, year=2026, month=11).employees[world.employee.pk]
    assert len(month.paid_days) == 16
    assert month.unpaid_leave_days[0] == (D("2026-11-02"), "besar")
    assert len(month.unpaid_leave_days) == 5
    assert month.days[0].day == D("2026-11-09") and month.days[0].leave_type == "tahunan"
    other = classify_month(
        tenant=world.tenant, year=2026, month=11, unpaid_leave_types=("tahunan",)
    ).employees[world.employee.pk]
    assert len(other.paid_days) == 20


def test_leave_spanning_months_is_clipped(world, cal):
    leave(world.employee, "tahunan", "2026-10-20", "2026-11-03")
    month = classify_month(tenant=world.tenant, year=2026, month=11).employees[world.employee.pk]
    assert [f.kind for f in month.days[:3]] == ["leave", "leave", "absent"]


def test_tmt_unit_and_end_date_window(world, cal):
    world.employee.tmt_unit = D("2026-11-10")
    world.employee.save()
    world.peer.end_date = D("2026-11-04")
    world.peer.save()
    world.outsider.end_date = D("2026-10-31")
    world.outsider.save()
    result = classify_month(tenant=world.tenant, year=2026, month=11)
    assert result.employees[world.employee.pk].paid_days[0] == D("2026-11-10")
    assert len(result.employees[world.employee.pk].paid_days) == 15
    assert result.employees[world.peer.pk].paid_days == [D("2026-11-02"), D("2026-11-03"),
                                                         D("2026-11-04")]  # fmt: skip
    assert world.outsider.pk not in result.employees
    chosen = classify_month(
        tenant=world.tenant, year=2026, month=11, employee_ids=[world.outsider.pk]
    )
    assert chosen.employees[world.outsider.pk].paid_days == []


def test_punches_outside_paid_days_are_ignored(world, cal):
    world.employee.tmt_unit = D("2026-11-03")
    world.employee.save()
    punch(world.employee, "2026-11-02 07:00:00")
    punch(world.employee, "2026-11-07 07:00:00")  # Saturday
    month = classify_month(tenant=world.tenant, year=2026, month=11).employees[world.employee.pk]
    assert month.days[0].day == D("2026-11-03") and month.days[0].kind == "absent"
    assert D("2026-11-07") not in [f.day for f in month.days]


def test_override_schedule_and_left_out_weekday(world):
    set_calendar(
        world.tenant,
        overrides=[
            {"from": "2026-11-01", "to": "2026-11-30",
             "schedule": {"mon": "08:00-15:00", "tue": "08:00-15:00"}},
            {"from": "2026-11-02", "to": "2026-11-02", "schedule": {"mon": "09:00-12:00"}},
        ],
    )  # fmt: skip
    punch(world.employee, "2026-11-02 09:10:00")
    punch(world.employee, "2026-11-02 11:00:00")
    punch(world.employee, "2026-11-03 08:10:00")
    punch(world.employee, "2026-11-03 15:00:00")
    result = classify_month(tenant=world.tenant, year=2026, month=11)
    assert len(result.working_days) == 9  # Mondays and Tuesdays only
    days = {f.day: f for f in result.employees[world.employee.pk].days}
    assert (days[D("2026-11-02")].minutes_late, days[D("2026-11-02")].minutes_early) == (10, 60)
    assert days[D("2026-11-03")].minutes_late == 10
    assert D("2026-11-04") not in days


def test_holidays_national_extra_and_cuti_bersama(world):
    set_calendar(
        world.tenant,
        national_holidays=True,
        holidays=[{"date": "2026-12-01", "name": "Hari jadi"}],
        cuti_bersama=["2026-12-24"],
    )
    result = classify_month(tenant=world.tenant, year=2026, month=12)
    # 23 weekdays; minus 1 Dec (extra), 24 Dec (cuti bersama), 25 Dec (Natal).
    assert len(result.working_days) == 20
    for day in ("2026-12-01", "2026-12-24", "2026-12-25"):
        assert D(day) not in result.working_days


def test_without_punch_details_for_large_sets(world, cal):
    punch(world.employee, "2026-11-02 07:00:00")
    punch(world.employee, "2026-11-02 16:00:00")
    f = facts(world, with_punches=False)
    assert f.punches == () and f.check_in is not None


def test_query_count_is_constant(world, cal, django_assert_max_num_queries):
    for e in (world.employee, world.peer, world.head):
        punch(e, "2026-11-02 07:00:00")
        leave(e, "sakit", "2026-11-10", "2026-11-11")
        duty(e, "2026-11-12", "2026-11-12")
    with django_assert_max_num_queries(7):
        classify_month(tenant=world.tenant, year=2026, month=11)


def test_microseconds_and_local_midnight_are_exact(world, cal):
    # The PostgreSQL path works in integer µs after the first local midnight.
    punch(world.employee, "2026-11-02 00:00:00")  # first instant of Monday
    # Whole seconds at midnight: SQLite's date() rounds to the millisecond.
    punch(world.employee, "2026-11-02 23:59:59")
    punch(world.employee, "2026-11-03 07:30:59.999999")
    punch(world.employee, "2026-11-03 15:58:59.500001")
    monday, tuesday = facts(world), facts(world, "2026-11-03")
    assert monday.check_in == dt.datetime(2026, 11, 2, tzinfo=monday.check_in.tzinfo)
    assert monday.check_out.time() == dt.time(23, 59, 59)
    assert (tuesday.check_in.time(), tuesday.minutes_late) == (dt.time(7, 30, 59, 999999), 0)
    assert (tuesday.check_out.time(), tuesday.minutes_early) == (dt.time(15, 58, 59, 500001), 1)


def test_large_sets_pause_the_gc_and_classify_the_same(world, cal, monkeypatch):
    import gc

    from pamong.attendance import classify

    punch(world.employee, "2026-11-02 07:45:00")
    punch(world.employee, "2026-11-02 16:05:00")
    expected = classify_month(tenant=world.tenant, year=2026, month=11).employees
    seen = []
    monkeypatch.setattr(classify, "GC_PAUSE_FROM", 1)
    result = classify_month(
        tenant=world.tenant, year=2026, month=11, progress=lambda *_: seen.append(gc.isenabled())
    )
    assert result.employees == expected
    assert seen and not any(seen[:-1])  # paused while building, running again afterwards
    assert gc.isenabled()
