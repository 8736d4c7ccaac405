"""/api/v1/participation/: visibility, PDP rules and tenant isolation through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pamong.participation.models import Complaint, SkmResponse, SkmService
from tests.conftest import World
from tests.participation.test_complaints_staff import make_complaint

State = Complaint.State
LIST = reverse("api:participation:complaints")


@pytest.fixture
def reports(world: World) -> dict[str, Complaint]:
    return {
        "named": make_complaint(
            world, state=State.DISPATCHED, handling_unit=world.opd, reporter_phone="0812345678"
        ),
        "anonymous": make_complaint(
            world,
            state=State.DISPATCHED,
            handling_unit=world.opd,
            identity="anonymous",
            reporter_name="",
            reporter_email="",
        ),
        "new": make_complaint(world),
    }


def test_staff_see_all_with_contact_the_unit_head_only_names(
    world: World, reports: dict[str, Complaint]
) -> None:
    admin = world.client_for(world.admin_user).get(LIST).json()["results"]
    assert {r["id"] for r in admin} == {c.pk for c in reports.values()}
    named = next(r for r in admin if r["id"] == reports["named"].pk)
    assert named["reporter"] == {
        "name": "Yakobus Nahak",
        "email": "yakobus@example.org",
        "phone": "0812345678",
    }
    assert "code" not in named
    head = world.client_for(world.head_user).get(LIST).json()["results"]
    assert {r["id"] for r in head} == {reports["named"].pk, reports["anonymous"].pk}
    by_id = {r["id"]: r for r in head}
    assert by_id[reports["named"].pk]["reporter"] == {"name": "Yakobus Nahak"}
    assert by_id[reports["anonymous"].pk]["reporter"] is None
    body = world.client_for(world.head_user).get(LIST).content.decode()
    assert "yakobus@example.org" not in body and "0812345678" not in body
    assert world.client_for(world.employee_user).get(LIST).json()["results"] == []


def test_detail_isolation_and_methods(world: World, reports: dict[str, Complaint]) -> None:
    url = reverse("api:participation:complaint", args=[reports["new"].pk])
    assert world.client_for(world.admin_user).get(url).status_code == 200
    assert world.client_for(world.head_user).get(url).status_code == 403
    assert world.client_for(world.other_admin_user).get(url).status_code == 404
    assert world.client_for(world.admin_user).post(url, {}).status_code == 405
    other = world.client_for(world.other_admin_user).get(LIST).json()["results"]
    assert other == []


def test_ikm_report_as_json(world: World) -> None:
    service = SkmService.objects.create(tenant=world.tenant, unit=world.opd, name="Mutasi")
    SkmResponse.objects.create(
        tenant=world.tenant,
        unit=world.opd,
        service=service,
        date=dt.date(2026, 5, 4),
        **{f"u{n}": 3 for n in range(1, 10)},
    )
    url = reverse("api:participation:ikm")
    rows = world.client_for(world.auditor_user).get(url, {"from": "2026-01-01", "to": "2026-12-31"})
    assert rows.status_code == 200
    first = rows.json()[0]
    assert (first["layanan"], first["ikm"], first["ikm_konversi"], first["mutu"]) == (
        "Mutasi",
        "3.0000",
        "75.00",
        "C",
    )
    assert world.client_for(world.auditor_user).get(url, {"from": "x"}).status_code == 400
    assert world.client_for(world.employee_user).get(url).status_code == 403
