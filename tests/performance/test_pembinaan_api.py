"""/api/v1/performance/pembinaan: the same rules as the pages, JP in the ledger, isolation."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

from pamong.api.services import api_token_create
from pamong.competence.models import JpEntry
from pamong.core.actor import system_actor
from pamong.core.models import AuditLog, User
from pamong.performance.models import CoachingPlan, CoachingSession
from tests.conftest import Clock, World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/performance"


def api(user: User) -> APIClient:
    _token, key = api_token_create(actor=system_actor(user.tenant), user=user, name="t")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_pembinaan_through_the_api(world: World, clock: Clock) -> None:
    clock.set(2026, 6, 15)
    mentor_user = UserFactory(
        username=world.outsider.nip, tenant=world.tenant, employee=world.outsider
    )
    boss = api(world.supervisor_user)
    body = {
        "nip": world.employee.nip, "jenis": "mentoring", "nip_mentor": world.outsider.nip,
        "tujuan": "Analisis jabatan", "langkah": "Sesi dua mingguan",
        "tanggal_tindak_lanjut": "2026-09-01",
    }  # fmt: skip
    created = boss.post(f"{BASE}/pembinaan/", body, format="json")
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    assert (
        created.json()["jenis"] == "mentoring"
        and created.json()["nip_mentor"] == world.outsider.nip
    )
    # An unknown NIP and an employee the supervisor does not coach get the same answer, so
    # the API tells no one which NIPs exist.
    unknown = boss.post(f"{BASE}/pembinaan/", body | {"nip": "0"}, format="json")
    not_theirs = boss.post(f"{BASE}/pembinaan/", body | {"nip": world.outsider.nip}, format="json")
    assert unknown.status_code == not_theirs.status_code == 400
    assert unknown.json() == not_theirs.json()
    assert unknown.json()["errors"][0]["field"] == "nip"
    # Nobody starts pembinaan for themselves or for someone they do not coach.
    me = api(world.employee_user)
    assert (
        me.post(f"{BASE}/pembinaan/", body | {"nip": world.peer.nip}, format="json").status_code
        == 403
    )
    mentor = api(mentor_user)
    session = {"tanggal": "2026-06-10", "durasi_menit": 90, "catatan": "Membahas ABK"}
    added = mentor.post(f"{BASE}/pembinaan/{plan_id}/sesi/", session, format="json")
    assert added.status_code == 201, added.content
    session_id = added.json()["id"]
    assert JpEntry.objects.get(employee=world.employee).jp == 2
    assert me.post(f"{BASE}/pembinaan/{plan_id}/sesi/", session, format="json").status_code == 403
    future = mentor.post(
        f"{BASE}/pembinaan/{plan_id}/sesi/", session | {"tanggal": "2026-07-01"}, format="json"
    )
    assert future.status_code == 400 and "masa depan" in json.dumps(future.json())
    detail = me.get(f"{BASE}/pembinaan/{plan_id}/").json()  # the employee reads their own
    assert [s["catatan"] for s in detail["sesi"]] == ["Membahas ABK"]
    assert [p["id"] for p in me.get(f"{BASE}/pembinaan/").json()["results"]] == [plan_id]
    assert mentor.get(f"{BASE}/pembinaan/", {"jenis": "coaching"}).json()["results"] == []
    early = mentor.put(
        f"{BASE}/sesi/{session_id}/", session | {"tanggal": "2025-12-30"}, format="json"
    )  # before the plan's year (2026): refused, nothing moves
    assert early.status_code == 400 and "sebelum tahun pembinaan" in json.dumps(early.json())
    fixed = mentor.put(
        f"{BASE}/sesi/{session_id}/", session | {"tanggal": "2026-06-05"}, format="json"
    )
    assert fixed.status_code == 200
    assert list(JpEntry.objects.values_list("year", "completed_on")) == [
        (2026, dt.date(2026, 6, 5))
    ]
    assert me.get(f"{BASE}/sesi/{session_id}/").json()["tanggal"] == "2026-06-05"
    assert me.delete(f"{BASE}/sesi/{session_id}/").status_code == 403
    assert mentor.delete(f"{BASE}/sesi/{session_id}/").status_code == 204
    assert not CoachingSession.objects.exists() and not JpEntry.objects.exists()
    assert (
        me.post(f"{BASE}/pembinaan/{plan_id}/tutup/", {"hasil": "x"}, format="json").status_code
        == 403
    )
    closed = mentor.post(
        f"{BASE}/pembinaan/{plan_id}/tutup/", {"hasil": "ABK dikuasai"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    actions = set(
        AuditLog.objects.filter(action__startswith="performance.coaching").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "performance.coaching.started", "performance.coaching.session_recorded",
        "performance.coaching.session_updated", "performance.coaching.session_deleted",
        "performance.coaching.closed",
    }  # fmt: skip


def test_other_tenant_gets_404_and_outsiders_403(world: World, clock: Clock) -> None:
    clock.set(2026, 6, 15)
    plan = CoachingPlan.objects.create(
        tenant=world.tenant, employee=world.employee, kind="coaching", period="2026",
        goals="g", actions="a", follow_up_date="2026-09-01",
    )  # fmt: skip
    session = CoachingSession.objects.create(
        tenant=world.tenant, plan=plan, held_on="2026-06-01", minutes=60, notes="n"
    )
    other, finance = api(world.other_admin_user), api(world.finance_user)
    for method, url in (
        ("get", f"{BASE}/pembinaan/{plan.pk}/"),
        ("get", f"{BASE}/sesi/{session.pk}/"),
        ("post", f"{BASE}/pembinaan/{plan.pk}/sesi/"),
        ("post", f"{BASE}/pembinaan/{plan.pk}/tutup/"),
        ("put", f"{BASE}/sesi/{session.pk}/"),
        ("delete", f"{BASE}/sesi/{session.pk}/"),
    ):
        assert getattr(other, method)(url, {}, format="json").status_code == 404, url
        assert getattr(finance, method)(url, {}, format="json").status_code == 403, url
    assert other.get(f"{BASE}/pembinaan/").json()["results"] == []


def test_schema_documents_the_endpoints(world: World) -> None:
    client = APIClient()
    client.force_login(world.employee_user)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for p in (
        "/api/v1/performance/pembinaan/",
        "/api/v1/performance/pembinaan/{id}/",
        "/api/v1/performance/pembinaan/{id}/sesi/",
        "/api/v1/performance/pembinaan/{id}/tutup/",
        "/api/v1/performance/sesi/{id}/",
    ):
        assert p in schema["paths"], p
    assert "tindakan_disepakati" in json.dumps(schema["components"]["schemas"])
