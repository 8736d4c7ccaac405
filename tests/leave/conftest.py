"""Leave fixtures: the world's tenant with a Mon–Fri calendar and helpers to file requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pamong.core.actor import actor_for_user
from pamong.core.models import User
from pamong.leave.models import LeaveRequest
from pamong.leave.services import request_consider, request_decide, request_submit
from tests.api.conftest import api_for, token_for  # noqa: F401 - token clients for the API tests
from tests.attendance.helpers import set_calendar


def d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def actor(user: User) -> Any:
    return actor_for_user(user)


@pytest.fixture
def cuti(world):
    world.opd.refresh_from_db()
    assert world.opd.head_id == world.head.pk
    assert world.employee.supervisor_id == world.supervisor.pk
    set_calendar(world.tenant, holidays=[{"date": "2026-12-25", "name": "Natal"}])
    return world


def submit(
    world,
    kind: str = "tahunan",
    start: str = "2026-11-02",
    end: str = "2026-11-04",
    employee=None,
    user=None,
    **kw: Any,
) -> LeaveRequest:
    employee = employee or world.employee
    return request_submit(
        actor=actor(user or world.employee_user),
        employee=employee,
        kind=kind,
        start=d(start),
        end=d(end),
        reason=kw.pop("reason", "keperluan keluarga"),
        **kw,
    )


def approve_fully(world, request: LeaveRequest) -> LeaveRequest:
    request = request_consider(
        actor=actor(world.supervisor_user), request=request, decision="approve"
    )
    official = world.admin_user if request.approver == "bkpsdm" else world.head_user
    return request_decide(actor=actor(official), request=request, decision="approve")
