"""/api/v1/tpp/ policies, slip detail and budget: same services, same rules as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pamong.core.models import AuditLog
from pamong.tpp.models import TppBudget, TppPolicy
from tests.tpp.conftest import POLICY, TppWorld

JSON = "application/json"


def test_policy_versions_are_readable_by_every_employee(tpp: TppWorld) -> None:
    w = tpp.world
    client = w.client_for(w.employee_user)
    listed = client.get(reverse("api:tpp:policies"))
    assert listed.status_code == 200
    (version,) = listed.json()["results"]  # never the other tenant's
    assert version["effective_from"] == "2026-01-01"
    detail = client.get(reverse("api:tpp:policy", args=[version["id"]])).json()
    assert detail["document"]["weights"] == {"kinerja": 60, "disiplin": 40}
    assert "late_in:" in detail["yaml"]
    foreign = TppPolicy.objects.get(tenant=w.other_tenant)
    assert client.get(reverse("api:tpp:policy", args=[foreign.pk])).status_code == 404
    assert client.delete(reverse("api:tpp:policy", args=[version["id"]])).status_code == 405


def test_loading_a_policy_through_the_api(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("api:tpp:policies")
    newer = POLICY.replace("2026-01-01", "2027-01-01")
    for user in (w.finance_user, w.employee_user, w.auditor_user):
        assert w.client_for(user).post(url, {"yaml": newer}, content_type=JSON).status_code == 403
    admin = w.client_for(w.admin_user)
    bad = admin.post(url, {"yaml": newer.replace("cap: 100", "cap: 101")}, content_type=JSON)
    assert bad.status_code == 400 and any("discipline.cap" in e for e in bad.json()["yaml"])
    created = admin.post(url, {"yaml": newer}, content_type=JSON)
    assert created.status_code == 201 and created.json()["effective_from"] == "2027-01-01"
    assert TppPolicy.objects.filter(tenant=w.tenant).count() == 2
    assert AuditLog.objects.filter(tenant=w.tenant, action="tpp.policy.loaded").exists()


def test_slip_detail_with_lines(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    slip = tpp.slip_of(w.employee.pk)
    url = reverse("api:tpp:slip", args=[slip.pk])
    client = w.client_for(w.employee_user)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    data = response.json()
    assert response.status_code == 200 and data["adds_up"] is True
    assert data["components"][-1]["amount"] == slip.netto
    assert len(data["days"]) == 21
    assert data["days"][0]["lines"][0] == {
        "kind": "absent",
        "percent": "3",
        "note": "tanpa keterangan",
    }
    assert w.client_for(w.auditor_user).get(url).status_code == 200
    assert w.client_for(w.supervisor_user).get(url).status_code == 403
    assert w.client_for(w.other_admin_user).get(url).status_code == 404
    assert client.post(url).status_code == 405


def test_budget_api(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("api:tpp:budget")
    finance = w.client_for(w.finance_user)
    body = {"kode_unit": "1.01", "tahun": 2026, "pagu": "1200000000"}
    response = finance.post(url, body, content_type=JSON)
    assert response.status_code == 200 and response.json()["pagu"] == 1_200_000_000
    budget = TppBudget.objects.get(tenant=w.tenant)
    assert budget.opd_id == w.opd.pk  # the own tenant's 1.01, not Kupang's
    bad = finance.post(url, {**body, "kode_unit": "1.01.01", "pagu": "1.2"}, content_type=JSON)
    assert bad.status_code == 400 and set(bad.json()) == {"kode_unit", "pagu"}
    assert w.client_for(w.auditor_user).post(url, body, content_type=JSON).status_code == 403
    overview = w.client_for(w.auditor_user).get(url, {"bulan": "2026-10"}).json()
    rows = {r["kode_unit"]: r for r in overview["opd"]}
    assert rows["1.01"]["pagu_bulanan"] == 100_000_000
    bruto = sum(tpp.run.slips.filter(opd=w.opd).values_list("bruto", flat=True))
    assert rows["1.01"]["bruto_bulan"] == rows["1.01"]["realisasi_sd_bulan"] == bruto
    assert finance.get(url, {"bulan": "2026-13"}).status_code == 400
    assert w.client_for(w.employee_user).get(url, {"bulan": "2026-10"}).status_code == 403
    assert finance.delete(url).status_code == 405
