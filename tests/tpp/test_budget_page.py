"""The budget page per OPD: month vs monthly share, year to date, SVG chart, setting pagu."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from pamong.core.actor import cli_actor
from pamong.core.models import AuditLog
from pamong.org.models import Unit
from pamong.tpp.budget import budget_chart, budget_overview
from pamong.tpp.models import TppBudget, TppSlip
from pamong.tpp.runs import tpp_run_approve, tpp_run_compute, tpp_run_verify
from tests.tpp.conftest import OCTOBER, TppWorld

PAGE = reverse("tpp:budget")
SET = reverse("tpp:budget-set")


def _bruto(run: Any, opd: Unit) -> int:
    return sum(TppSlip.objects.filter(run=run, opd=opd).values_list("bruto", flat=True))


def test_overview_counts_approved_months_and_the_selected_draft(tpp: TppWorld) -> None:
    w = tpp.world
    actor = cli_actor(w.tenant)
    TppBudget.objects.create(tenant=w.tenant, opd=w.opd, year=2026, pagu=120_000_001)
    september = tpp_run_compute(actor=actor, period=OCTOBER.replace(month=9))
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=september))
    august_draft = tpp_run_compute(actor=actor, period=OCTOBER.replace(month=8))
    overview = budget_overview(w.tenant, 2026, 10)
    rows = {r.unit.code: r for r in overview.rows}
    bpk = rows["1.01"]
    assert bpk.month == _bruto(tpp.run, w.opd)  # October's draft counts for October
    assert bpk.ytd == _bruto(september, w.opd) + _bruto(tpp.run, w.opd)  # not August's draft
    assert _bruto(august_draft, w.opd) > 0
    assert bpk.month_share == 10_000_000  # 120.000.001 / 12, rounded
    assert bpk.ytd_share == 100_000_001  # × 10 / 12 = 100.000.000,83 -> rounded
    assert rows["1.02"].pagu is None and rows["1.02"].month_share is None
    assert set(rows) == {"1.01", "1.02"}  # OPDs only: no bidang, no other tenant


def test_budget_page(tpp: TppWorld, django_assert_max_num_queries: Any) -> None:
    w = tpp.world
    TppBudget.objects.create(tenant=w.tenant, opd=w.opd, year=2026, pagu=12_000_000)
    client = w.client_for(w.finance_user)
    with django_assert_max_num_queries(9):
        response = client.get(PAGE, {"bulan": "2026-10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Realisasi TPP per OPD" in html
    share_percent = (100 * _bruto(tpp.run, w.opd) + 500_000) // 1_000_000  # bar vs share
    assert f">{share_percent}%</text>" in html
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "1.01 Badan Kepegawaian" in html and "1.02 Dinas Kesehatan" in html
    bruto = _bruto(tpp.run, w.opd)
    assert bruto > 1_000_000  # over the 1.000.000 monthly share: flagged
    assert f"{bruto:,} ▲" in html or f"{bruto:,} ▲".replace(",", ".") in html
    assert 'name="pagu"' in html  # finance may set the ceiling
    auditor = w.client_for(w.auditor_user).get(PAGE).content.decode()
    assert 'name="pagu"' not in auditor
    for user in (w.admin_user, w.approver_user):
        assert w.client_for(user).get(PAGE).status_code == 200
    for user in (w.employee_user, w.head_user):
        assert w.client_for(user).get(PAGE).status_code == 403
    other = w.client_for(w.other_admin_user).get(PAGE).content.decode()
    assert "Badan Kepegawaian" not in other and "BKPSDM Kupang" in other
    assert client.post(PAGE).status_code == 405
    assert client.get(PAGE, {"bulan": "rubbish"}).status_code == 200


def test_setting_pagu(tpp: TppWorld) -> None:
    w = tpp.world
    finance = w.client_for(w.finance_user)
    data = {"opd": w.opd.pk, "tahun": "2026", "pagu": "1200000000", "bulan": "2026-10"}
    response = finance.post(SET, data)
    assert response.status_code == 302 and response["Location"] == PAGE + "?bulan=2026-10"
    budget = TppBudget.objects.get(tenant=w.tenant, opd=w.opd, year=2026)
    assert budget.pagu == 1_200_000_000
    entry = AuditLog.objects.get(action="tpp.budget.set", object_id=str(budget.pk))
    assert entry.after == {"pagu": 1_200_000_000}
    bad = finance.post(SET, {**data, "pagu": "1.200.000"}, follow=True)
    assert "pagu" in bad.content.decode() and "tanpa pemisah" in bad.content.decode()
    bidang = finance.post(SET, {**data, "opd": w.bidang.pk}, follow=True)
    assert "bukan OPD" in bidang.content.decode()
    assert TppBudget.objects.get(pk=budget.pk).pagu == 1_200_000_000
    assert not TppBudget.objects.filter(opd=w.bidang).exists()
    for user in (w.auditor_user, w.admin_user, w.employee_user):
        assert w.client_for(user).post(SET, {**data, "pagu": "1"}).status_code == 403
    assert finance.post(SET, {**data, "opd": w.other_opd.pk}).status_code == 404
    assert finance.get(SET).status_code == 405
    assert TppBudget.objects.get(pk=budget.pk).pagu == 1_200_000_000


def test_chart_escapes_unit_names(tpp: TppWorld) -> None:
    w = tpp.world
    Unit.objects.filter(pk=w.opd.pk).update(name="<script>alert(1)</script>")
    svg = budget_chart(budget_overview(w.tenant, 2026, 10))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
