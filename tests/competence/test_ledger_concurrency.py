"""Two JP writes for one person at once (a passed quiz and a coaching session, or a history
import) keep the yearly total equal to the ledger's sum. Real threads and transactions
(no test transaction); PostgreSQL only, as SQLite has a single writer."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django_scopes import scopes_disabled

from pamong.competence import services
from pamong.competence.models import JpEntry, JpTotal
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def _quiz_entry(world: World, committed: threading.Event, release: threading.Event) -> None:
    """Writer 1: a passed course's JP, holding its transaction open until released."""
    with scopes_disabled(), transaction.atomic():
        services.ledger_add(
            employee=world.employee, opd_id=world.opd.pk, year=2026, jp=5, source="programme",
            activity_key="course:1", title="Kursus", kind="e_learning",
            completed_on=dt.date(2026, 6, 1),
        )  # fmt: skip
        committed.set()
        release.wait(10)


def _bulk_entry(world: World) -> None:
    """Writer 2: an entry written in bulk, then the bulk refresh of the totals."""
    with scopes_disabled(), transaction.atomic():
        JpEntry.objects.create(
            tenant=world.tenant, employee=world.employee, opd_id=world.opd.pk, year=2026,
            jp=3, source="import", activity_key="import:1", title="Diklat", kind="seminar",
            completed_on=dt.date(2026, 5, 1),
        )  # fmt: skip
        services.refresh_totals(world.tenant.pk, [world.employee.pk], [2026])


def _run(fn: Any, *args: Any, errors: list[BaseException]) -> threading.Thread:
    def body() -> None:
        try:
            fn(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def test_a_bulk_refresh_waits_for_a_single_write_of_the_same_person(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once: PostgreSQL only")
    committed, release, errors = threading.Event(), threading.Event(), []
    first = _run(_quiz_entry, world, committed, release, errors=errors)
    assert committed.wait(10)
    second = _run(_bulk_entry, world, errors=errors)
    # Writer 2 reaches its sum while writer 1 is still open; without the shared lock it
    # would sum 3 and, after writer 1's commit, store 3 over writer 1's 5.
    time.sleep(0.5)
    release.set()
    first.join(20)
    second.join(20)
    assert not errors
    with scopes_disabled():
        total = JpTotal.objects.get(employee=world.employee, year=2026).jp
    assert total == 8


def test_lock_buckets_are_bounded_and_spread() -> None:
    buckets = {services.total_lock_bucket(e, 2026) for e in range(1, 5001)}
    assert buckets <= set(range(services.TOTAL_LOCK_BUCKETS))
    assert len(buckets) == services.TOTAL_LOCK_BUCKETS
    assert services.total_lock_bucket(7, 2026) != services.total_lock_bucket(7, 2027)
