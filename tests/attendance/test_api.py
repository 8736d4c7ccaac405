"""Attendance JSON API: device punch push and daily status."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.attendance.models import Punch
from pamong.core.actor import system_actor
from tests.attendance.helpers import leave, punch, set_calendar

PUSH = reverse("api:attendance:punches")
DAILY = reverse("api:attendance:daily")


@pytest.fixture
def api_for():
    def make(user) -> APIClient:
        _token, key = api_token_create(actor=system_actor(user.tenant), user=user, name="t")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


def body(world, *extra):
    return {"punches": [{"nip": world.employee.nip, "waktu": "2026-11-02 07:40:00",
                         "perangkat": "FP-9"}, *extra]}  # fmt: skip


def test_push_is_idempotent(world, api_for):
    client = api_for(world.admin_user)
    first = client.post(PUSH, body(world), format="json")
    assert first.status_code == 201 and first.json()["created"] == 1
    again = client.post(PUSH, body(world), format="json")
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    assert Punch.objects.get().device == "FP-9"


def test_push_rejects_bad_items_all_or_nothing(world, api_for):
    response = api_for(world.admin_user).post(
        PUSH, body(world, {"nip": world.employee.nip, "waktu": "kemarin"}), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["item"] == 2
    assert response.json()["errors"][0]["field"] == "waktu"
    assert not Punch.objects.exists()


def test_push_unknown_nip_and_skip(world, api_for):
    client = api_for(world.admin_user)
    foreign = {"nip": world.foreigner.nip, "waktu": "2026-11-02 07:00"}
    assert client.post(PUSH, body(world, foreign), format="json").status_code == 400
    response = client.post(PUSH, {**body(world, foreign), "skip_unknown": True}, format="json")
    assert response.json()["skipped"] == [{"item": 2, "nip": world.foreigner.nip}]
    assert not Punch.objects.filter(tenant=world.other_tenant).exists()


def test_push_needs_manage_right_and_auth(world, api_for):
    assert api_for(world.supervisor_user).post(PUSH, body(world), format="json").status_code == 403
    assert APIClient().post(PUSH, body(world), format="json").status_code == 401
    assert api_for(world.admin_user).get(PUSH).status_code == 405


def test_push_validates_shape(world, api_for):
    response = api_for(world.admin_user).post(PUSH, {"punches": []}, format="json")
    assert response.status_code == 400


def test_daily_status(world, api_for):
    set_calendar(world.tenant)
    punch(world.employee, "2026-11-02 07:45:00")
    leave(world.peer, "sakit", "2026-11-02", "2026-11-02")
    response = api_for(world.supervisor_user).get(DAILY + "?date=2026-11-02")
    assert response.status_code == 200
    data = response.json()
    assert data["hari_kerja"] is True and data["count"] == 2
    by_nip = {r["nip"]: r for r in data["results"]}
    assert by_nip[world.employee.nip]["menit_terlambat"] == 15
    assert by_nip[world.employee.nip]["jam_masuk"] == "2026-11-02T07:45:00+09:00"
    assert by_nip[world.peer.nip]["status"] == "leave"
    assert world.outsider.nip not in by_nip


def test_daily_permissions_and_isolation(world, api_for):
    set_calendar(world.tenant)
    assert api_for(world.employee_user).get(DAILY + "?date=2026-11-02").status_code == 403
    assert api_for(world.admin_user).get(DAILY + "?date=bad").status_code == 400
    other = api_for(world.other_admin_user)
    set_calendar(world.other_tenant)
    data = other.get(DAILY + "?date=2026-11-02").json()
    assert world.employee.nip not in {r["nip"] for r in data["results"]}
    unit = api_for(world.admin_user).get(f"{DAILY}?date=2026-11-02&unit={world.other_opd.pk}")
    assert unit.status_code == 404


def month_api(pk: int) -> str:
    return reverse("api:attendance:employee-month", args=[pk]) + "?month=2026-11"


def test_employee_month(world, api_for, django_assert_max_num_queries):
    set_calendar(world.tenant)
    punch(world.employee, "2026-11-02 07:45:00")
    punch(world.employee, "2026-11-02 15:50:30")
    leave(world.employee, "sakit", "2026-11-03", "2026-11-03")
    client = api_for(world.supervisor_user)
    with django_assert_max_num_queries(14):
        response = client.get(month_api(world.employee.pk))
    assert response.status_code == 200
    data = response.json()
    days = {d["tanggal"]: d for d in data["hari"]}
    assert len(days) == 30
    assert days["2026-11-02"]["status"] == "late"
    assert (days["2026-11-02"]["menit_terlambat"], days["2026-11-02"]["menit_pulang_cepat"]) == (
        15,
        9,
    )  # noqa: E501
    assert days["2026-11-03"]["jenis_cuti"] == "sakit"
    assert days["2026-11-07"]["status"] == "off"
    assert days["2026-11-04"]["status"] == "absent"
    assert data["ringkasan"]["late_minutes"] == 15


def test_employee_month_permissions(world, api_for):
    set_calendar(world.tenant)
    assert api_for(world.employee_user).get(month_api(world.employee.pk)).status_code == 200
    assert api_for(world.employee_user).get(month_api(world.peer.pk)).status_code == 403
    assert api_for(world.other_admin_user).get(month_api(world.employee.pk)).status_code == 404
    bad = reverse("api:attendance:employee-month", args=[world.employee.pk]) + "?month=2026-13"
    assert api_for(world.admin_user).get(bad).status_code == 400
    assert api_for(world.admin_user).post(month_api(world.employee.pk)).status_code == 405


def test_daily_status_filter(world, api_for):
    set_calendar(world.tenant)
    punch(world.employee, "2026-11-02 07:45:00")
    leave(world.peer, "sakit", "2026-11-02", "2026-11-02")
    client = api_for(world.supervisor_user)
    data = client.get(DAILY + "?date=2026-11-02&status=leave").json()
    assert [r["nip"] for r in data["results"]] == [world.peer.nip]
    assert client.get(DAILY + "?date=2026-11-02&status=bolos").status_code == 400
