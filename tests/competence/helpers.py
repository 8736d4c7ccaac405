from __future__ import annotations

import datetime as dt
from typing import Any

from pamong.competence.models import Programme
from pamong.core.actor import Actor, actor_for_user
from pamong.core.models import Tenant, User


def actor(user: User) -> Actor:
    return actor_for_user(user)


def programme(tenant: Tenant, **kw: Any) -> Programme:
    defaults: dict[str, Any] = {
        "title": "Pelatihan Manajemen Data",
        "kind": "pelatihan",
        "competency_kind": "teknis",
        "competency": "Pengelolaan data kepegawaian",
        "jp": 24,
        "cost_per_participant": 1_500_000,
        "quota": 10,
        "start": dt.date(2026, 8, 3),
        "end": dt.date(2026, 8, 5),
        "status": "open",
    }
    defaults.update(kw)
    return Programme.objects.create(tenant=tenant, **defaults)


def add_jp(employee: Any, year: int, jp: int, key: str, kind: str = "seminar") -> None:
    """A ledger row through the one write path (which keeps the yearly totals)."""
    from pamong.competence.services import ledger_add

    ledger_add(
        employee=employee, opd_id=employee.opd_id, year=year, jp=jp, source="import",
        activity_key=key, title="t", kind=kind, completed_on=dt.date(year, 3, 1),
    )  # fmt: skip
