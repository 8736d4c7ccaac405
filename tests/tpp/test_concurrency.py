"""TPP runs under concurrency (issue 18): real threads, real transactions, no test transaction.

These run outside a test transaction (`transaction=True`) so that `select_for_update`,
advisory locks and commits behave as in production. The tests with two writers at once
need PostgreSQL and skip on SQLite, whose single writer (BEGIN IMMEDIATE) serialises every
run anyway; the adjustment run and the stale-refusal logic run on both.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django_scopes import scope, scopes_disabled

from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.tpp.models import Sanction, TppRun, TppSlip, TppSlipLine
from pamong.tpp.runs import (
    tpp_run_approve,
    tpp_run_compute,
    tpp_run_verify,
)
from tests.conftest import World
from tests.tpp.conftest import OCTOBER, setup_tenant

pytestmark = pytest.mark.django_db(transaction=True)


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once: PostgreSQL only (SQLite has a single writer)")


def in_thread(fn: Callable[[], Any], out: dict[str, Any], name: str) -> threading.Thread:
    """Run fn in a thread with its own connection; its result or exception goes to out."""

    def body() -> None:
        try:
            with scopes_disabled():
                out[name] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            out[name] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def compute(world: World, **kwargs: Any) -> TppRun:
    with scope(tenant=world.tenant):
        return tpp_run_compute(actor=cli_actor(world.tenant), period=OCTOBER, **kwargs)


def test_adjustment_run_outside_a_test_transaction(world: World) -> None:
    """Defect 1: the adjustment pre-check used FOR UPDATE outside a transaction (PG)."""
    setup_tenant(world.tenant)
    actor = cli_actor(world.tenant)
    with scope(tenant=world.tenant):
        run = compute(world)
        tpp_run_approve(actor=actor, run=tpp_run_verify(actor=actor, run=run))
        Sanction.objects.create(
            tenant=world.tenant, employee=world.employee, jenis="Teguran", percent=Decimal(10),
            start=OCTOBER, months=1,
        )  # fmt: skip
        adjustment = compute(world, adjustment=True)
        again = compute(world, adjustment=True)  # replaces its own draft, also under a lock
    assert adjustment.kind == "adjustment" and again.pk == adjustment.pk
    assert again.revision == 2
    (diff,) = TppSlip.objects.filter(run=again)
    assert diff.employee_id == world.employee.pk and diff.netto < 0


def test_two_first_runs_of_a_month_at_once(world: World) -> None:
    """Defect 2: no IntegrityError; one run; the later reading wins or the other refuses."""
    needs_postgresql()
    setup_tenant(world.tenant)
    barrier = threading.Barrier(2, timeout=30)

    def both_have_read(done: int, total: int) -> None:
        if done == total:  # both have read and classified: now both write at once
            barrier.wait()

    out: dict[str, Any] = {}
    threads = [in_thread(lambda: compute(world, progress=both_have_read), out, n) for n in "ab"]
    for t in threads:
        t.join(60)
    for result in out.values():
        if isinstance(result, InputErrors):
            assert "lebih baru" in result.lines()[0]
        else:
            assert isinstance(result, TppRun), result
    assert any(isinstance(r, TppRun) for r in out.values())
    (run,) = TppRun.objects.filter(tenant=world.tenant, period=OCTOBER)
    assert TppSlip.objects.filter(run=run).count() == run.employee_count > 0


def test_an_older_reading_never_replaces_a_newer_draft(world: World) -> None:
    """Defect 3: A reads, sanctions are entered, B completes, A commits last: refused."""
    needs_postgresql()
    setup_tenant(world.tenant)
    a_has_read, a_may_write = threading.Event(), threading.Event()

    def pause_after_reading(done: int, total: int) -> None:
        if done == total:
            a_has_read.set()
            assert a_may_write.wait(30)

    out: dict[str, Any] = {}
    thread_a = in_thread(lambda: compute(world, progress=pause_after_reading), out, "a")
    assert a_has_read.wait(30)
    Sanction.objects.create(
        tenant=world.tenant, employee=world.employee, jenis="Teguran", percent=Decimal(25),
        start=OCTOBER, months=1,
    )  # fmt: skip
    newer = compute(world)
    a_may_write.set()
    thread_a.join(60)
    assert isinstance(out["a"], InputErrors), out["a"]
    assert "lebih baru" in out["a"].lines()[0]
    run = TppRun.objects.get(pk=newer.pk)
    assert run.computed_at == newer.computed_at and run.revision == newer.revision
    assert TppSlipLine.objects.filter(slip__run=run, kind="sanction").count() == 1
    assert TppSlip.objects.get(run=run, employee=world.employee).potongan_hukdis > 0


def test_the_stale_check_compares_reading_times(world: World) -> None:
    """The same rule on any database: a stored draft that read later is kept."""
    from pamong.tpp import runs

    setup_tenant(world.tenant)
    stored = compute(world)
    later = runs.Reading(stored.computed_at, {}, False)  # type: ignore[arg-type]
    runs._refuse_stale(stored, later)  # same reading time: allowed (sequential recompute)
    earlier = runs.Reading(
        stored.computed_at - dt.timedelta(days=365),  # type: ignore[operator]
        {},
        False,
    )
    with pytest.raises(InputErrors):
        runs._refuse_stale(stored, earlier)


def test_verify_after_a_recompute_is_refused(world: World) -> None:
    """Defect 4: the verifier saw revision 1; a recompute in another thread makes it 2."""
    setup_tenant(world.tenant)
    run = compute(world)
    shown = run.revision
    out: dict[str, Any] = {}
    in_thread(lambda: compute(world), out, "recompute").join(60)
    assert isinstance(out["recompute"], TppRun) and out["recompute"].revision == shown + 1
    actor = cli_actor(world.tenant)
    with scope(tenant=world.tenant), pytest.raises(InputErrors) as refused:
        tpp_run_verify(actor=actor, run=run, revision=shown)
    assert "dihitung ulang" in refused.value.lines()[0]
    assert TppRun.objects.get(pk=run.pk).status == "draft"
    with scope(tenant=world.tenant):
        assert tpp_run_verify(actor=actor, run=run, revision=shown + 1).status == "verified"
