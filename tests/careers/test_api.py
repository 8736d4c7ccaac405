"""/api/v1/careers/: due lists, proposals, decision; roles and tenant isolation."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from pamong.careers import services as svc
from pamong.careers.models import KpProposal
from tests.careers.conftest import PERIOD, act
from tests.conftest import World


def test_kp_due_api(careers: World) -> None:
    url = reverse("api:careers:kp-due")
    body = careers.client_for(careers.admin_user).get(url, {"period": "2026-04"}).json()
    assert [r["nip"] for r in body] == [careers.employee.nip]
    assert body[0]["target"] == "III/a" and body[0]["blockers"] == [] and not body[0]["ready"]
    assert careers.client_for(careers.employee_user).get(url).status_code == 403
    assert careers.client_for(careers.other_admin_user).get(url, {"period": "2026-04"}).json() == []


def test_kgb_due_api(careers: World) -> None:
    url = reverse("api:careers:kgb-due")
    body = careers.client_for(careers.admin_user).get(url, {"month": "2026-03"}).json()
    assert body[0]["nip"] == careers.employee.nip and body[0]["gaji_pokok"] == 2843700
    assert careers.client_for(careers.finance_user).get(url).status_code == 403


def test_proposal_create_list_and_decision(careers: World) -> None:
    head = careers.client_for(careers.head_user)
    url = reverse("api:careers:kp-proposals")
    resp = head.post(url, {"nip": careers.employee.nip, "period": "2026-04-01"}, "application/json")
    assert resp.status_code == 201, resp.content
    pk = resp.json()["id"]
    assert head.get(url, {"period": "2026-04"}).json()["count"] == 1
    assert careers.client_for(careers.other_admin_user).get(url).json()["count"] == 0
    detail = reverse("api:careers:kp-proposal", args=[pk])
    assert careers.client_for(careers.other_admin_user).get(detail).status_code == 404
    assert careers.client_for(careers.supervisor_user).get(detail).status_code == 403
    decision = reverse("api:careers:kp-proposal-decision", args=[pk])
    data = {"sk_number": "1", "sk_date": "2026-03-10", "new_golongan": "III/a", "tmt": "2026-04-01"}
    assert head.post(decision, data, "application/json").status_code == 403
    admin = act(careers.admin_user)
    proposal = KpProposal.objects.get(pk=pk)
    for doc in proposal.documents.all():
        svc.kp_document_attach(actor=admin, document=doc, link="https://arsip.example/x")
    submit = reverse("api:careers:kp-proposal-submit", args=[pk])
    assert head.post(submit).status_code == 200
    for doc in proposal.documents.all():
        svc.kp_document_check(actor=admin, document=doc, verified=True)
    svc.kp_proposal_verify(actor=admin, proposal=proposal)
    client = careers.client_for(careers.admin_user)
    bad = client.post(decision, {**data, "tmt": "2026-03-01"}, "application/json")
    assert bad.status_code == 400 and "tmt" in bad.json()
    resp = client.post(decision, data, "application/json")
    assert resp.status_code == 200 and resp.json()["status"] == "decided"
    assert resp.json()["tmt"] == str(PERIOD)


def test_talent_grid_api(careers: World) -> None:
    admin = act(careers.admin_user)
    svc.assessment_record(
        actor=admin, employee=careers.employee, kind="assessment_centre", score="85",
        assessed_on=dt.date(2026, 1, 10), source="UPT Penilaian Kompetensi",
    )  # fmt: skip
    url = reverse("api:careers:talent-grid")
    body = careers.client_for(careers.admin_user).get(url, {"year": 2026, "box": 8}).json()
    assert body["predikat_years"] == [2025, 2024]
    counts = {b["box"]: b["count"] for b in body["boxes"]}
    assert counts[8] == 1 and sum(counts.values()) == 1
    assert all(b["action"] for b in body["boxes"])
    (row,) = body["drill"]
    assert (row["nip"], row["box"], row["potential"]) == (careers.employee.nip, 8, "85.00")
    other = careers.client_for(careers.other_admin_user).get(url, {"year": 2026}).json()
    assert sum(b["count"] for b in other["boxes"]) == 0  # the other Pemda sees its own only
    for user in (careers.employee_user, careers.head_user, careers.finance_user):
        assert careers.client_for(user).get(url).status_code == 403


def test_succession_api(careers: World) -> None:
    admin = act(careers.admin_user)
    svc.key_post_save(
        actor=admin, position=careers.supervisor.position, min_golongan="II/a",
        min_education="S1", plt_since=dt.date(2025, 6, 1), plt_max_months=6,
    )  # fmt: skip
    svc.assessment_record(
        actor=admin, employee=careers.employee, kind="assessment_centre", score="85",
        assessed_on=dt.date(2026, 1, 10), source="UPT",
    )  # fmt: skip
    url = reverse("api:careers:succession")
    (plan,) = careers.client_for(careers.admin_user).get(url).json()
    assert plan["position"] == careers.supervisor.position.name
    assert plan["plt_overdue"] and plan["plt_until"] == "2025-12-01"
    assert [c["nip"] for c in plan["candidates"]] == [careers.employee.nip]
    assert plan["candidates"][0]["box"] == 8 and not plan["ready"]
    assert careers.client_for(careers.other_admin_user).get(url).json() == []
    assert careers.client_for(careers.employee_user).get(url).status_code == 403
