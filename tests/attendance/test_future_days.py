"""Days that have not happened yet are not judged (issue 10 §2): the month calendar, its
summary, the daily recap and the API show them as planned, with no correction link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.attendance.helpers import duty, leave, punch, set_calendar

INDEX = reverse("attendance:index")
RECAP = reverse("attendance:recap")


@pytest.fixture
def data(world, clock):
    set_calendar(world.tenant)
    # Monday 7 December 2026, 06:30 in Sofifi (WIT): the working day has not started.
    clock.set(2026, 12, 7, 6, 30)
    punch(world.employee, "2026-12-01 07:20:00")
    punch(world.employee, "2026-12-01 16:05:00")
    leave(world.employee, "tahunan", "2026-12-21", "2026-12-22")
    duty(world.employee, "2026-12-15", "2026-12-15")
    return world


def _summary(html: str) -> str:
    return re.sub(r"\s+", " ", html.split('aria-label="Ringkasan"')[1].split("</section>")[0])


def test_future_days_are_planned_not_absent(data):
    html = data.client_for(data.employee_user).get(INDEX + "?month=2026-12").content.decode()
    # 2–4 December (no punches) are over: absent, with a correction link each.
    assert html.count("?date=2026-12-02") >= 1
    for day in ("07", "08", "15", "21", "31"):
        assert f"?date=2026-12-{day}" not in html  # not over: nothing to correct
    assert "direncanakan" in html and "belum absen masuk" in html
    summary = _summary(html)
    # 1 Dec present, 2-4 absent (3 days); the rest of December is still to come.
    assert '<span class="stat">3</span>hari tanpa keterangan' in summary
    assert "hari kerja belum berlalu" in summary


def test_today_counts_once_its_work_hours_are_over(data, clock):
    clock.set(2026, 12, 7, 15, 59)
    client = data.client_for(data.employee_user)  # signed in now: sessions last 8 hours
    html = client.get(INDEX + "?month=2026-12").content.decode()
    assert "?date=2026-12-07" not in html
    clock.set(2026, 12, 7, 16, 0)
    html = client.get(INDEX + "?month=2026-12").content.decode()
    assert "?date=2026-12-07" in html  # now absent, and correctable


def test_recap_in_the_morning_shows_nobody_absent(data, clock):
    punch(data.peer, "2026-12-07 06:20:00")
    client = data.client_for(data.admin_user)
    html = client.get(RECAP + "?date=2026-12-07").content.decode()
    assert "tanpa keterangan: 0" in html
    assert "belum absen masuk" in html and "sudah absen masuk" in html
    clock.set(2026, 12, 7, 17, 0)
    client = data.client_for(data.admin_user)  # the morning's session has ended
    html = client.get(RECAP + "?date=2026-12-07").content.decode()
    assert "tanpa keterangan: 0" not in html  # the day is over: absences count
    # A future date is planned for everyone.
    html = client.get(RECAP + "?date=2026-12-08").content.decode()
    assert "tanpa keterangan: 0" in html


def test_api_month_does_not_count_future_days_as_absent(data):
    from rest_framework.test import APIClient

    from pamong.api.services import api_token_create
    from pamong.core.actor import system_actor

    _token, key = api_token_create(actor=system_actor(data.tenant), user=data.admin_user, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api:attendance:employee-month", args=[data.employee.pk]) + "?month=2026-12"
    body = client.get(url).json()
    assert body["ringkasan"]["absent"] == 3
    statuses = {d["tanggal"]: d["status"] for d in body["hari"]}
    assert statuses["2026-12-08"] == statuses["2026-12-21"] == "planned"
