"""What-if simulation: an unsaved policy side by side with the month's run."""

from __future__ import annotations

from django.urls import reverse

from pamong.tpp.models import TppPolicy, TppRun, TppSlip
from tests.tpp.conftest import POLICY, TppWorld


def test_simulation_permissions_and_methods(tpp: TppWorld) -> None:
    w = tpp.world
    url = reverse("tpp:simulate")
    response = w.client_for(w.finance_user).get(url)
    assert response.status_code == 200
    assert "base_by_class" in response.content.decode()  # the policy in force, to edit
    for user in (w.employee_user, w.auditor_user, w.approver_user, w.admin_user):
        assert w.client_for(user).get(url).status_code == 403
    assert w.client_for(w.finance_user).put(url).status_code == 405


def test_simulation_compares_without_saving(tpp: TppWorld) -> None:
    w = tpp.world
    raised = POLICY.replace("5: 2800000", "5: 3080000").replace(
        "weights: {kinerja: 60, disiplin: 40}", "weights: {kinerja: 70, disiplin: 30}"
    )
    before = (TppPolicy.objects.count(), TppRun.objects.count(), TppSlip.objects.count())
    response = w.client_for(w.finance_user).post(
        reverse("tpp:simulate"), {"period": "2026-10", "policy": raised}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert (TppPolicy.objects.count(), TppRun.objects.count(), TppSlip.objects.count()) == before
    by_code = {row["unit"].code: row for row in result.rows}
    # Everyone has 63% discipline cut and no rating: disiplin is the whole bruto, and its
    # weight fell from 40 to 30, so every OPD costs less in the simulation.
    for row in by_code.values():
        assert row["then"]["bruto"] < row["now"]["bruto"]
    assert result.total_now["bruto"] == tpp.run.totals["bruto"]


def test_simulation_reports_an_invalid_policy(tpp: TppWorld) -> None:
    w = tpp.world
    bad = POLICY.replace("bpjs: {percent: 1,", "bpjs: {percent: -1,")
    response = w.client_for(w.finance_user).post(
        reverse("tpp:simulate"), {"period": "2026-10", "policy": bad}
    )
    assert "bpjs.percent: tidak boleh negatif" in response.content.decode()
    assert "result" not in response.context
