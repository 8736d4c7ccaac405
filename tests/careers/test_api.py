"""/api/v1/careers/: due lists, proposals, decision; roles and tenant isolation."""

from __future__ import annotations

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
