"""KGB due list per month, postponement, recording and the draft letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pamong.careers import selectors as sel
from pamong.careers import services as svc
from pamong.careers.models import KgbRecord
from pamong.careers.paytables import gaji_pokok
from pamong.org.models import Employee, EmployeeHistory
from tests.careers.conftest import PLAN_QUERIES, act, rate, set_facts
from tests.conftest import World
from tests.factories import EmployeeFactory

D = dt.date


def due(world: World, month: dt.date) -> dict[int, sel.KgbRow]:
    return {r.employee_id: r for r in sel.kgb_due(act(world.admin_user), month)}


def test_due_two_years_after_tmt_with_new_pay(careers: World) -> None:
    assert careers.employee.pk not in due(careers, D(2026, 2, 1))
    row = due(careers, D(2026, 3, 1))[careers.employee.pk]
    assert row.due == D(2026, 3, 1) and row.new_mkg == 10
    assert row.pay.amount == gaji_pokok("PNS", "II/d", 10, D(2026, 3, 1)).amount == 2843700
    assert row.predikat == "baik" and row.adequate
    assert careers.employee.pk not in due(careers, D(2026, 4, 1))


def test_leap_day_tmt_falls_due_on_1_march(careers: World) -> None:
    set_facts(careers.employee, tmt_kgb=D(2024, 2, 29))
    assert careers.employee.pk not in due(careers, D(2026, 2, 1))
    assert due(careers, D(2026, 3, 1))[careers.employee.pk].due == D(2026, 3, 1)


def test_last_day_of_month_boundary(careers: World) -> None:
    set_facts(careers.employee, tmt_kgb=D(2024, 3, 31))
    assert careers.employee.pk in due(careers, D(2026, 3, 1))
    assert careers.employee.pk not in due(careers, D(2026, 4, 1))


def test_inadequate_predikat_is_flagged_then_postponed_with_reason(careers: World) -> None:
    from pamong.performance.models import Rating

    Rating.objects.filter(employee=careers.employee, period="2025").update(predikat="kurang")
    admin = act(careers.admin_user)
    assert not due(careers, D(2026, 3, 1))[careers.employee.pk].adequate
    with pytest.raises(ValidationError):
        svc.kgb_postpone(actor=admin, employee=careers.employee, months=13, reason="x")
    with pytest.raises(ValidationError):
        svc.kgb_postpone(actor=admin, employee=careers.employee, months=12, reason=" ")
    with pytest.raises(PermissionDenied):
        svc.kgb_postpone(
            actor=act(careers.head_user), employee=careers.employee, months=6, reason="x"
        )
    svc.kgb_postpone(actor=admin, employee=careers.employee, months=12, reason="predikat Kurang")
    assert careers.employee.pk not in due(careers, D(2026, 3, 1))
    row = due(careers, D(2027, 3, 1))[careers.employee.pk]
    assert row.postponed_months == 12 and row.postpone_reason == "predikat Kurang"
    assert row.effective == D(2027, 3, 1) and row.due == D(2026, 3, 1)
    with pytest.raises(ValidationError):  # once per due date
        svc.kgb_postpone(actor=admin, employee=careers.employee, months=1, reason="lagi")


def test_record_moves_mkg_and_tmt(careers: World) -> None:
    admin = act(careers.admin_user)
    record = svc.kgb_record(actor=admin, employee=careers.employee, sk_number="822/KGB/1")
    assert (record.tmt, record.mkg_years, record.gaji_pokok) == (D(2026, 3, 1), 10, 2843700)
    employee = Employee.objects.get(pk=careers.employee.pk)
    assert (employee.tmt_kgb, employee.mkg_years) == (D(2026, 3, 1), 10)
    assert careers.employee.pk not in due(careers, D(2026, 3, 1))
    assert careers.employee.pk in due(careers, D(2028, 3, 1))
    assert not EmployeeHistory.objects.filter(
        employee=employee, kind="golongan", valid_from=D(2026, 3, 1)
    ).exists()
    set_facts(careers.employee, tmt_kgb=D(2025, 1, 1))
    with pytest.raises(ValidationError):  # not due yet
        svc.kgb_record(actor=admin, employee=careers.employee, sk_number="x")
    assert KgbRecord.objects.count() == 1


def test_kgb_due_is_set_based(careers: World, django_assert_num_queries: Any) -> None:
    actor = act(careers.admin_user)

    def add(n: int) -> None:
        for _ in range(n):
            e = EmployeeFactory(
                tenant=careers.tenant, unit=careers.bidang, position=careers.employee.position,
                golongan="III/a", tmt_kgb=D(2024, 3, 1), mkg_years=4,
            )  # fmt: skip
            rate(e, 2025)

    add(2)
    with django_assert_num_queries(3 + PLAN_QUERIES) as small:
        sel.kgb_due(actor, D(2026, 3, 1))
    add(10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(sel.kgb_due(actor, D(2026, 3, 1))) == 13


def test_next_dates_on_profile(careers: World) -> None:
    dates = sel.next_dates(careers.employee, D(2026, 3, 15))
    assert dates.kp == D(2026, 4, 1)
    assert dates.kgb == D(2026, 3, 1)
    set_facts(careers.employee, tmt_pangkat=D(2024, 2, 29))
    assert sel.next_dates(careers.employee, D(2026, 3, 15)).kp == D(2028, 3, 1)
