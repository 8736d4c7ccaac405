"""What-if simulation (tpp.md §8): a month computed with an unsaved policy, side by side
with the month's run. Nothing is written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pamong.core.actor import Actor
from pamong.core.permissions import require
from pamong.org.models import Unit
from pamong.tpp.engine import MONEY_COLUMNS
from pamong.tpp.models import TppRun
from pamong.tpp.policy import parse_policy
from pamong.tpp.runs import compute_period
from pamong.tpp.selectors import totals_per_opd


@dataclass
class Simulation:
    period: dt.date
    policy_name: str
    run: TppRun | None
    rows: list[dict[str, Any]] = field(default_factory=list)  # per OPD: unit, now, then
    total_now: dict[str, int] = field(default_factory=dict)
    total_then: dict[str, int] = field(default_factory=dict)


def tpp_simulate(*, actor: Actor, period: dt.date, policy_text: str | bytes) -> Simulation:
    """InputErrors for an invalid policy or a month that cannot be computed."""
    require(actor, "tpp.budget")
    assert actor.tenant is not None
    policy = parse_policy(policy_text, source="simulasi.yaml")
    computation = compute_period(actor.tenant, period.replace(day=1), alternative=policy)
    simulated: dict[int | None, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(MONEY_COLUMNS, 0)
    )
    for r in computation.results:
        sums = simulated[r.employee.opd_id]
        for name in MONEY_COLUMNS:
            sums[name] += getattr(r, name)
    run = TppRun.objects.filter(
        tenant=actor.tenant, period=computation.period, kind=TppRun.Kind.NORMAL
    ).first()
    current = {row["opd_id"]: row for row in totals_per_opd(run)} if run else {}
    units = {u.pk: u for u in Unit.objects.filter(tenant=actor.tenant, pk__in=list(simulated))}
    result = Simulation(computation.period, policy.name, run)
    for opd_id, sums in sorted(
        simulated.items(), key=lambda item: units[item[0]].code if item[0] in units else ""
    ):
        now = current.get(opd_id)
        result.rows.append(
            {
                "unit": units.get(opd_id),  # type: ignore[arg-type]
                "now": {k: now[k] for k in MONEY_COLUMNS} if now else None,
                "then": sums,
            }
        )
    result.total_then = {k: sum(r["then"][k] for r in result.rows) for k in MONEY_COLUMNS}
    if run is not None:
        result.total_now = dict(run.totals)
    return result
