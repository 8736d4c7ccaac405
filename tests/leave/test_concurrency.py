"""Two requests of one employee filed at the same moment cannot overspend the balance.

Real concurrent transactions: runs on PostgreSQL (row locks); skipped on SQLite, whose
single writer serialises everything anyway.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections
from django_scopes import scopes_disabled

from pamong.core.errors import InputErrors
from pamong.leave import services
from pamong.leave.models import LeaveRequest
from tests.leave.conftest import submit


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_cannot_overspend(cuti, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    real = services._balance_problems

    def slow(*args: Any, **kwargs: Any) -> list[str]:
        problems = real(*args, **kwargs)
        time.sleep(0.3)  # widen the window between the check and the write
        return problems

    monkeypatch.setattr(services, "_balance_problems", slow)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def file(start: str, end: str) -> None:
        try:
            with scopes_disabled():
                barrier.wait()
                submit(cuti, start=start, end=end)  # 7 working days each, 12 available
            outcomes.append("ok")
        except InputErrors as exc:
            outcomes.append(exc.errors[0].message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=file, args=("2026-11-02", "2026-11-10")),
        threading.Thread(target=file, args=("2026-11-16", "2026-11-24")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes)[0] == "ok" and len(outcomes) == 2
    assert "tidak cukup" in sorted(outcomes)[1]
    assert LeaveRequest.objects.count() == 1
