"""Career facts on the world's employees: the pelaksana is due for KP on 1 April 2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from pamong.core.actor import Actor, actor_for_user
from pamong.core.models import User
from pamong.org.models import Employee
from pamong.performance.models import Rating
from tests.conftest import World

PERIOD = dt.date(2026, 4, 1)
# On PostgreSQL the wide list queries run with JIT off: SAVEPOINT, SET LOCAL, RELEASE.
PLAN_QUERIES = 3 if connection.vendor == "postgresql" else 0


def act(user: User) -> Actor:
    return actor_for_user(user)


def rate(employee: Employee, year: int, predikat: str = "baik") -> Rating:
    return Rating.objects.create(
        tenant=employee.tenant,
        employee=employee,
        period=str(year),
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat=predikat,
    )


def set_facts(employee: Employee, **facts: object) -> Employee:
    Employee.objects.filter(pk=employee.pk).update(**facts)
    employee.refresh_from_db()
    return employee


@pytest.fixture
def careers(world: World, clock: object) -> World:
    clock.set(2026, 3, 15)  # type: ignore[attr-defined]
    set_facts(
        world.employee,
        golongan="II/d",
        education="S1",
        tmt_pangkat=dt.date(2022, 4, 1),
        tmt_kgb=dt.date(2024, 3, 1),
        mkg_years=8,
    )
    for year in (2024, 2025):
        rate(world.employee, year)
    return world
