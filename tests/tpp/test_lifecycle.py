"""The run lifecycle of issue 10 §2 and §5 and issue 18 defect 4: provisional months,
slips published from the tenant's chosen status, return to draft, stable slip links,
the paginated slip list, and inputs changed after the computation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.tpp import views
from pamong.tpp.models import Sanction, TppRun, TppSettings, TppSlip
from pamong.tpp.runs import (
    tpp_run_approve,
    tpp_run_compute,
    tpp_run_return,
    tpp_run_verify,
)
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, TppWorld, setup_tenant


def test_a_month_not_over_is_refused_unless_partial_and_never_verified(
    world: World, clock: Any
) -> None:
    clock.set(2026, 10, 20)
    setup_tenant(world.tenant)
    actor = cli_actor(world.tenant)
    with pytest.raises(InputErrors) as refused:
        tpp_run_compute(actor=actor, period=OCTOBER)
    assert "belum berakhir" in refused.value.lines()[0] and "--partial" in refused.value.lines()[0]
    run = tpp_run_compute(actor=actor, period=OCTOBER, partial=True)
    assert run.provisional and run.status == "draft"
    with pytest.raises(InputErrors) as not_verified:
        tpp_run_verify(actor=actor, run=run, revision=run.revision)
    assert "sementara" in not_verified.value.lines()[0]
    finance = world.client_for(world.finance_user)
    html = finance.get(reverse("tpp:run-detail", args=[run.pk])).content.decode()
    assert "(sementara)" in html and reverse("tpp:run-step", args=[run.pk, "verify"]) not in html
    slip = TppSlip.objects.filter(run=run).first()
    assert slip is not None
    slip_html = finance.get(reverse("tpp:slip", args=[slip.pk])).content.decode()
    assert "Slip sementara" in slip_html
    export = finance.get(reverse("tpp:run-export", args=[run.pk, "csv"]))
    assert "sementara" in export["Content-Disposition"]
    # Once the month is over, the recompute is a normal draft that can be verified.
    clock.set(2026, 11, 2)
    run = tpp_run_compute(actor=actor, period=OCTOBER)
    assert not run.provisional
    assert tpp_run_verify(actor=actor, run=run, revision=run.revision).status == "verified"


def test_web_start_needs_the_confirmed_checkbox_for_a_month_not_over(
    world: World, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    clock.set(2026, 10, 20)
    setup_tenant(world.tenant)
    finance = world.client_for(world.finance_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = finance.post(reverse("tpp:run-start"), {"period": "2026-10"})
    page = finance.get(response["Location"]).content.decode()
    assert "belum berakhir" in page and not TppRun.objects.filter(tenant=world.tenant).exists()
    with django_capture_on_commit_callbacks(execute=True):
        finance.post(reverse("tpp:run-start"), {"period": "2026-10", "partial": "1"})
    assert TppRun.objects.get(tenant=world.tenant).provisional


def test_cli_partial(world: World, clock: Any, capsys: Any) -> None:
    clock.set(2026, 10, 20)
    setup_tenant(world.tenant)
    call_command("tpp_run", "--tenant", world.tenant.slug, "--period", "2026-10", "--partial")
    assert "(sementara)" in capsys.readouterr().out


def test_employees_see_their_slip_from_the_chosen_status(world: World) -> None:
    setup_tenant(world.tenant, slips_from=TppRun.Status.APPROVED)
    TppSettings.objects.filter(tenant=world.tenant).delete()  # the default: approved
    actor = cli_actor(world.tenant)
    run = tpp_run_compute(actor=actor, period=OCTOBER)
    own = reverse("tpp:run-slip", args=[run.pk, world.employee.pk])
    employee = world.client_for(world.employee_user)
    assert employee.get(own).status_code == 404
    assert own not in employee.get(reverse("tpp:index")).content.decode()
    for user in (world.finance_user, world.admin_user):  # finance and BKPSDM see drafts
        assert world.client_for(user).get(own).status_code == 200
    run = tpp_run_verify(actor=actor, run=run)
    assert employee.get(own).status_code == 404
    # BKPSDM publishes from "verified" on.
    admin = world.client_for(world.admin_user)
    assert admin.post(reverse("tpp:settings"), {"slip_visible_from": "verified"}).status_code == 302
    assert employee.get(own).status_code == 200
    assert own in employee.get(reverse("tpp:index")).content.decode()
    assert AuditLog.objects.filter(tenant=world.tenant, action="tpp.settings.updated").exists()
    assert world.client_for(world.finance_user).post(reverse("tpp:settings"), {}).status_code == 403
    tpp_run_approve(actor=actor, run=run)
    assert employee.get(own).status_code == 200


def test_verifier_and_approver_return_a_run_with_a_reason(tpp: TppWorld) -> None:
    w = tpp.world
    actor = cli_actor(w.tenant)
    run = tpp_run_verify(actor=actor, run=tpp.run, revision=tpp.run.revision)
    finance, approver = w.client_for(w.finance_user), w.client_for(w.approver_user)
    back = reverse("tpp:run-step", args=[run.pk, "return"])
    finance.post(back, {"revision": run.revision, "reason": ""})
    assert TppRun.objects.get(pk=run.pk).status == "verified"  # a reason is required
    finance.post(back, {"revision": run.revision, "reason": "potongan hukdis belum masuk"})
    run = TppRun.objects.get(pk=run.pk)
    assert run.status == "draft" and run.return_reason == "potongan hukdis belum masuk"
    html = finance.get(reverse("tpp:run-detail", args=[run.pk])).content.decode()
    assert "potongan hukdis belum masuk" in html
    run = tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=run))
    # The verifier cannot take back an approved run; the approver can.
    finance.post(back, {"revision": run.revision, "reason": "x"})
    assert TppRun.objects.get(pk=run.pk).status == "approved"
    approver.post(back, {"revision": run.revision, "reason": "nilai SKP direvisi"})
    run = TppRun.objects.get(pk=run.pk)
    assert run.status == "draft" and run.approved_at is None
    log = AuditLog.objects.filter(tenant=w.tenant, action="tpp.run.returned").order_by("id")
    assert [e.data["reason"] for e in log] == ["potongan hukdis belum masuk", "nilai SKP direvisi"]
    for user in (w.auditor_user, w.employee_user):
        assert (
            w.client_for(user).post(back, {"revision": run.revision, "reason": "x"}).status_code
            == 403
        )
    with scope(tenant=w.tenant), pytest.raises(InputErrors):
        tpp_run_return(actor=actor, run=run, reason="draf", revision=run.revision)


def test_slip_links_survive_a_recompute(tpp: TppWorld) -> None:
    w = tpp.world
    stable = reverse("tpp:run-slip", args=[tpp.run.pk, w.employee.pk])
    old = reverse("tpp:slip", args=[tpp.slip_of(w.employee.pk).pk])
    finance = w.client_for(w.finance_user)
    assert stable in finance.get(reverse("tpp:run-detail", args=[tpp.run.pk])).content.decode()
    tpp_run_compute(actor=cli_actor(w.tenant), period=OCTOBER)
    assert finance.get(old).status_code == 404  # the slip row was replaced
    response = finance.get(stable)
    assert response.status_code == 200 and w.employee.nip in response.content.decode()
    assert finance.get(stable + "slip.pdf").status_code == 200
    other = reverse("tpp:run-slip", args=[tpp.other_run.pk, w.foreigner.pk])
    assert finance.get(other).status_code == 404


def test_slip_list_is_paginated_and_searchable(tpp: TppWorld, monkeypatch: Any) -> None:
    w = tpp.world
    monkeypatch.setattr(views, "SLIPS_PER_PAGE", 2)
    slips = list(TppSlip.objects.filter(run=tpp.run).order_by("nip"))
    assert len(slips) > 2
    link = [reverse("tpp:run-slip", args=[tpp.run.pk, s.employee_id]) for s in slips]
    finance = w.client_for(w.finance_user)
    url = reverse("tpp:run-detail", args=[tpp.run.pk])
    first = finance.get(url).content.decode()
    assert link[0] in first and link[2] not in first and "page=2" in first
    second = finance.get(url, {"page": 2}).content.decode()
    assert link[2] in second and link[0] not in second
    found = finance.get(url, {"q": slips[-1].name}).content.decode()
    assert link[-1] in found and link[0] not in found


def test_inputs_changed_after_the_computation_are_flagged_and_block_verification(
    tpp: TppWorld,
) -> None:
    w = tpp.world
    Sanction.objects.create(
        tenant=w.tenant, employee=w.employee, jenis="Teguran", percent=Decimal(10),
        start=OCTOBER, months=1,
    )  # fmt: skip
    finance = w.client_for(w.finance_user)
    html = finance.get(reverse("tpp:run-detail", args=[tpp.run.pk])).content.decode()
    assert "Data masukan berubah" in html and "Hukuman disiplin: 1 baru" in html
    finance.post(
        reverse("tpp:run-step", args=[tpp.run.pk, "verify"]), {"revision": tpp.run.revision}
    )
    assert TppRun.objects.get(pk=tpp.run.pk).status == "draft"
    run = tpp_run_compute(actor=cli_actor(w.tenant), period=OCTOBER)
    html = finance.get(reverse("tpp:run-detail", args=[run.pk])).content.decode()
    assert "Data masukan berubah" not in html
    finance.post(reverse("tpp:run-step", args=[run.pk, "verify"]), {"revision": run.revision})
    assert TppRun.objects.get(pk=run.pk).status == "verified"
