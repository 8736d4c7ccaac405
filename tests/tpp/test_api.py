"""/api/v1/tpp/: capabilities, tenant isolation, lifecycle through the API."""

from __future__ import annotations

from django.urls import reverse

from tests.tpp.conftest import TppWorld


def test_runs_list_and_detail(tpp: TppWorld) -> None:
    w = tpp.world
    client = w.client_for(w.auditor_user)
    response = client.get(reverse("api:tpp:runs"))
    assert response.status_code == 200
    ids = [run["id"] for run in response.json()["results"]]
    assert ids == [tpp.run.pk]  # never the other tenant's run
    detail = client.get(reverse("api:tpp:run", args=[tpp.run.pk])).json()
    assert detail["period"] == "2026-10" and detail["status"] == "draft"
    assert client.get(reverse("api:tpp:run", args=[tpp.other_run.pk])).status_code == 404
    assert w.client_for(w.employee_user).get(reverse("api:tpp:runs")).status_code == 403


def test_compute_through_the_api(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("api:tpp:runs")
    assert w.client_for(w.admin_user).post(url, {"period": "2026-10"}).status_code == 403
    finance = w.client_for(w.finance_user)
    response = finance.post(url, {"period": "2026-10"})
    assert response.status_code == 201 and response.json()["id"] == tpp.run.pk
    bad = finance.post(url, {"period": "2026-13"})
    assert bad.status_code == 400 and "period" in bad.json()
    missing = finance.post(url, {"period": "2020-01"})
    assert missing.status_code == 400
    assert "tidak ada kebijakan TPP" in missing.json()["non_field_errors"][0]


def test_lifecycle_through_the_api(tpp: TppWorld) -> None:
    w = tpp.world

    def step(user, name):  # type: ignore[no-untyped-def]
        url = reverse("api:tpp:run-step", args=[tpp.run.pk, name])
        return w.client_for(user).post(url, {"revision": tpp.run.revision})

    assert step(w.approver_user, "verify").status_code == 403
    assert step(w.finance_user, "approve").status_code == 403
    assert step(w.approver_user, "approve").status_code == 400  # still a draft
    assert step(w.finance_user, "verify").json()["status"] == "verified"
    assert step(w.approver_user, "approve").json()["status"] == "approved"
    assert step(w.finance_user, "pay").json()["status"] == "paid"
    assert step(w.finance_user, "explode").status_code == 404
    other = reverse("api:tpp:run-step", args=[tpp.other_run.pk, "verify"])
    assert w.client_for(w.finance_user).post(other).status_code == 404
    # Without the revision the caller checked, no step is taken.
    fresh = w.client_for(w.finance_user).post(reverse("api:tpp:run-step", args=[tpp.run.pk, "pay"]))
    assert fresh.status_code == 400


def test_slips_of_a_run_and_my_slips(tpp: TppWorld) -> None:
    w = tpp.world
    slips = w.client_for(w.auditor_user).get(reverse("api:tpp:run-slips", args=[tpp.run.pk]))
    assert slips.status_code == 200 and slips.json()["count"] == 5
    mine = w.client_for(w.employee_user).get(reverse("api:tpp:my-slips")).json()
    assert [s["nip"] for s in mine["results"]] == [w.employee.nip]
    assert (
        w.client_for(w.employee_user)
        .get(reverse("api:tpp:run-slips", args=[tpp.run.pk]))
        .status_code
        == 403
    )
    assert (
        w.client_for(w.auditor_user).delete(reverse("api:tpp:run", args=[tpp.run.pk])).status_code
        == 405
    )
