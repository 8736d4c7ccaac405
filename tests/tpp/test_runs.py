"""Run services: pre-flight, membership in the month, lifecycle locks, adjustment runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from pamong.core.actor import actor_for_user, cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.performance.models import Rating
from pamong.tpp.models import TppRun, TppSlip, TppSlipLine
from pamong.tpp.runs import (
    tpp_run_approve,
    tpp_run_compute,
    tpp_run_mark_paid,
    tpp_run_verify,
)
from pamong.tpp.services import tpp_policy_load
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, POLICY, TppWorld, setup_tenant


def test_preflight_lists_every_problem_before_computing(world: World) -> None:
    with pytest.raises(InputErrors) as info:
        tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    messages = " | ".join(info.value.lines())
    assert "tidak ada kebijakan TPP" in messages and "kalender kerja" in messages
    assert not TppRun.objects.exists()


def test_preflight_names_a_kelas_missing_from_the_policy(world: World) -> None:
    setup_tenant(world.tenant)
    narrow = POLICY.replace("7: 3900000, ", "").replace("2026-01-01", "2026-06-01")
    tpp_policy_load(actor=cli_actor(world.tenant), data=narrow.encode(), source="p.yaml")
    with pytest.raises(InputErrors) as info:
        tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    (line,) = info.value.lines()
    assert "base_by_class.7" in line and world.outsider.nip in line


def test_only_employees_in_the_tenant_during_the_month_get_a_row(world: World) -> None:
    setup_tenant(world.tenant)
    world.peer.end_date = dt.date(2026, 9, 30)
    world.peer.save()
    world.outsider.tmt_unit = dt.date(2026, 11, 1)
    world.outsider.save()
    world.employee.tmt_unit = dt.date(2026, 10, 12)
    world.employee.save()
    run = tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER)
    nips = list(TppSlip.objects.filter(run=run).values_list("nip", flat=True))
    assert nips == sorted([world.head.nip, world.supervisor.nip, world.employee.nip])
    late_starter = TppSlip.objects.get(run=run, employee=world.employee)
    assert (late_starter.hari_kerja, late_starter.hari_dibayar) == (21, 15)
    outside = TppSlipLine.objects.filter(slip=late_starter, kind="outside")
    assert sorted(line.day.day for line in outside) == [1, 2, 6, 7, 8, 9]  # type: ignore[union-attr]


def test_run_stores_warnings_lines_and_an_audit_entry(tpp: TppWorld) -> None:
    run = tpp.run
    codes = {w["code"] for w in run.warnings}
    assert codes == {"no_rating", "no_bank_account"}
    # No punches at all: 21 absent days of 3% each, capped at 100.
    slip = tpp.slip_of(tpp.world.employee.pk)
    assert str(slip.potongan_disiplin_persen) == "63.00"
    assert TppSlipLine.objects.filter(slip=slip, kind="absent").count() == 21
    entry = AuditLog.objects.get(action="tpp.run.computed", object_id=str(run.pk))
    assert entry.data["employees"] == 5 and entry.data["period"] == "2026-10"


def test_running_needs_the_capability(tpp: TppWorld) -> None:
    admin = actor_for_user(tpp.world.admin_user)
    with pytest.raises(PermissionDenied):
        tpp_run_compute(actor=admin, period=OCTOBER)
    finance = actor_for_user(tpp.world.finance_user)
    assert tpp_run_compute(actor=finance, period=OCTOBER).pk == tpp.run.pk


def _approve(run: TppRun) -> None:
    actor = cli_actor(run.tenant)
    tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=run))


def test_an_approved_run_is_never_recomputed(tpp: TppWorld) -> None:
    actor = cli_actor(tpp.world.tenant)
    with pytest.raises(InputErrors):  # an adjustment needs an approved month
        tpp_run_compute(actor=actor, period=OCTOBER, adjustment=True)
    _approve(tpp.run)
    before = list(TppSlip.objects.filter(run=tpp.run).values_list("netto", flat=True))
    with pytest.raises(InputErrors) as info:
        tpp_run_compute(actor=actor, period=OCTOBER)
    assert "--adjustment" in info.value.lines()[0]
    assert list(TppSlip.objects.filter(run=tpp.run).values_list("netto", flat=True)) == before


def test_an_adjustment_run_stores_the_difference_per_employee(tpp: TppWorld) -> None:
    w = tpp.world
    actor = cli_actor(w.tenant)
    _approve(tpp.run)
    Rating.objects.create(
        tenant=w.tenant,
        employee=w.employee,
        period="2026-10",
        hasil_kerja="sesuai",
        perilaku_kerja="sesuai",
        predikat="baik",
    )
    adjustment = tpp_run_compute(actor=actor, period=OCTOBER, adjustment=True)
    assert adjustment.kind == "adjustment" and adjustment.pk != tpp.run.pk
    (diff,) = TppSlip.objects.filter(run=adjustment)
    assert diff.employee_id == w.employee.pk
    assert diff.kinerja == 2800000 * 60 // 100  # 0% -> 100% of the kinerja component
    assert diff.potongan_hukdis == 0 and diff.tpp_dasar == 0
    assert adjustment.totals["kinerja"] == diff.kinerja
    # Re-running replaces the draft adjustment; once approved, a new one shows no change.
    again = tpp_run_compute(actor=actor, period=OCTOBER, adjustment=True)
    assert again.pk == adjustment.pk and TppSlip.objects.filter(run=again).count() == 1
    _approve(again)
    third = tpp_run_compute(actor=actor, period=OCTOBER, adjustment=True)
    assert third.pk != again.pk and not TppSlip.objects.filter(run=third).exists()


def test_lifecycle_order_is_enforced(tpp: TppWorld) -> None:
    actor = cli_actor(tpp.world.tenant)
    with pytest.raises(InputErrors):
        tpp_run_mark_paid(actor=actor, run=tpp.run)
    _approve(tpp.run)
    run = tpp_run_mark_paid(actor=actor, run=tpp.run)
    assert run.status == "paid" and run.paid_at is not None
    with pytest.raises(InputErrors):
        tpp_run_verify(actor=actor, run=run)


def test_replacing_a_draft_refreshes_stale_planner_statistics(tpp: TppWorld) -> None:
    # Right after a first run the slip tables' statistics still say "empty"; replacing the
    # draft ANALYZEs them first, else the delete compares every line with every slip.
    from django.db import connection

    from pamong.tpp.runs import _analyze_if_stale

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL planner statistics")

    def known() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'tpp_tppslip'")
            return float(cursor.fetchone()[0])

    slips = TppSlip.objects.filter(run=tpp.run).count()
    with connection.cursor() as cursor:  # as a first ANALYZE of the empty table leaves it
        cursor.execute("UPDATE pg_class SET reltuples = 0 WHERE relname = 'tpp_tppslip'")
    assert slips == 5 and known() == 0
    _analyze_if_stale(slips)
    assert known() >= slips
    recomputed = tpp_run_compute(actor=cli_actor(tpp.world.tenant), period=OCTOBER)
    assert TppSlip.objects.filter(run=recomputed).count() == slips
