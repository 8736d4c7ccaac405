"""An approved run never changes silently; a correction is an explicit adjustment run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from pamong.attendance.models import Punch
from pamong.core.actor import cli_actor
from pamong.core.models import AuditLog, BackgroundJob
from pamong.org.models import Employee
from pamong.performance.models import Rating
from pamong.tpp.export import export_csv
from pamong.tpp.models import TppRun, TppSlip, TppSlipLine
from pamong.tpp.runs import tpp_run_approve, tpp_run_verify
from tests.tpp.conftest import TppWorld

WIT = dt.timezone(dt.timedelta(hours=9))


def _approve(tpp: TppWorld) -> None:
    actor = cli_actor(tpp.world.tenant)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=tpp.run))


def _change_inputs(tpp: TppWorld) -> None:
    """The employee gets a rating and punches on 1 October after the run was approved."""
    w = tpp.world
    Rating.objects.create(
        tenant=w.tenant, employee=w.employee, period="2026-10", hasil_kerja="sesuai",
        perilaku_kerja="sesuai", predikat="baik",
    )  # fmt: skip
    for hour in (7, 16):
        at = dt.datetime(2026, 10, 1, hour, 29 if hour == 7 else 31, tzinfo=WIT)
        Punch.objects.create(tenant=w.tenant, employee=w.employee, at=at)


def _snapshot(run: TppRun) -> tuple[bytes, list[Any]]:
    lines = TppSlipLine.objects.filter(slip__run=run).order_by("id")
    return export_csv(run), list(lines.values_list("id", "kind", "day", "percent", "note"))


def test_changed_inputs_never_touch_an_approved_run(
    tpp: TppWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = tpp.world
    _approve(tpp)
    before = _snapshot(tpp.run)
    _change_inputs(tpp)
    finance = w.client_for(w.finance_user)
    # The web (background job), the API and the CLI service all refuse a silent re-run.
    with django_capture_on_commit_callbacks(execute=True):
        response = finance.post(reverse("tpp:run-start"), {"period": "2026-10"})
    page = finance.get(response["Location"]).content.decode()
    assert "perhitungan penyesuaian" in page or "--adjustment" in page
    assert BackgroundJob.objects.get(tenant=w.tenant).state == "failed"
    api = finance.post("/api/v1/tpp/runs/", {"period": "2026-10"}, content_type="application/json")
    assert api.status_code == 400
    run = TppRun.objects.get(pk=tpp.run.pk)
    assert run.status == "approved" and _snapshot(run) == before
    assert TppRun.objects.filter(tenant=w.tenant).count() == 1


def test_adjustment_run_shows_the_difference_per_employee(
    tpp: TppWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = tpp.world
    _approve(tpp)
    original = TppSlip.objects.get(run=tpp.run, employee=w.employee)
    _change_inputs(tpp)
    finance = w.client_for(w.finance_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = finance.post(reverse("tpp:run-start"), {"period": "2026-10", "adjustment": "1"})
    adjustment = TppRun.objects.get(tenant=w.tenant, kind="adjustment")
    assert finance.get(response["Location"])["Location"] == reverse(
        "tpp:run-detail", args=[adjustment.pk]
    )
    (diff,) = TppSlip.objects.filter(run=adjustment)  # only the employee whose TPP changed
    assert diff.employee_id == w.employee.pk
    # One on-time day less absent (3%), and the kinerja component now paid at 100%.
    assert diff.kinerja == 1_680_000 and diff.disiplin == 33_600  # 2.800.000 × 40% × 3%
    html = finance.get(reverse("tpp:run-detail", args=[adjustment.pk])).content.decode()
    assert "Netto sebelumnya" in html and "Selisih netto" in html
    for amount in (original.netto, original.netto + diff.netto, diff.netto):
        assert f"{amount:,}" in html or f"{amount:,}".replace(",", ".") in html
    # The original run is untouched; the adjustment goes through its own lifecycle.
    assert TppSlip.objects.get(pk=original.pk).netto == original.netto
    approver = w.client_for(w.approver_user)
    assert approver.post(reverse("tpp:run-step", args=[adjustment.pk, "verify"])).status_code == 403
    shown = {"revision": adjustment.revision}  # the version the page displayed
    finance.post(reverse("tpp:run-step", args=[adjustment.pk, "verify"]), shown)
    approver.post(
        reverse("tpp:run-step", args=[adjustment.pk, "approve"]), shown | {"confirmed": "1"}
    )
    assert TppRun.objects.get(pk=adjustment.pk).status == "approved"
    Employee.objects.filter(pk=w.employee.pk).update(bank_account="1234567890")
    TppSlip.objects.filter(run=adjustment).update(bank_account="1234567890")
    bank = finance.get(reverse("tpp:run-bank", args=[adjustment.pk])).content.decode()
    assert f"{w.employee.nip}," in bank and f",{diff.netto},TPP 2026-10 penyesuaian" in bank
    assert AuditLog.objects.filter(
        tenant=w.tenant, action="tpp.run.computed", object_id=str(adjustment.pk)
    ).exists()


def test_adjustment_needs_the_run_capability(tpp: TppWorld) -> None:
    w = tpp.world
    _approve(tpp)
    for user in (w.approver_user, w.admin_user, w.auditor_user, w.employee_user):
        response = w.client_for(user).post(
            reverse("tpp:run-start"), {"period": "2026-10", "adjustment": "1"}
        )
        assert response.status_code == 403
    api = w.client_for(w.auditor_user).post(
        "/api/v1/tpp/runs/", {"period": "2026-10", "adjustment": True},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 403
    assert not TppRun.objects.filter(kind="adjustment").exists()
