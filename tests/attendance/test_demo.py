"""The demo hook makes a calendar and classifiable punches for active employees."""

from __future__ import annotations

import random

from pamong.attendance.classify import classify_month
from pamong.attendance.demo import generate
from pamong.attendance.models import Punch


def test_demo_generates_a_realistic_month(world):
    world.peer.status = "pensiun"
    world.peer.save()
    totals = generate(tenant=world.tenant, rng=random.Random(1), months=["2026-10"])
    assert totals["punches"] == Punch.objects.filter(tenant=world.tenant).count() > 50
    assert not Punch.objects.filter(employee=world.peer).exists()
    assert not Punch.objects.filter(tenant=world.other_tenant).exists()
    result = classify_month(tenant=world.tenant, year=2026, month=10)
    kinds = {f.kind for m in result.employees.values() for f in m.days}
    assert "present" in kinds
    assert len(result.working_days) == 22  # national holidays on: none in October 2026
