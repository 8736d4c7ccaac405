"""Was the coaching plan carried out? Shown on the annual evaluation of a low performer.

Issue 13 (feedback into performance): the annual evaluation of year Y shows the rencana
pembinaan (performance.CoachingPlan) that followed the employee's earlier low predikat:
the plans of the periods before this annual rating, i.e. the periodic ratings of Y
("Y-MM", "Y-Qn", "Y-Sn") and the previous annual rating ("Y-1"). A plan of the annual
rating Y itself is the follow-up of this evaluation, for the coming year, so not counted.

- dilaksanakan: every such plan is closed (closing requires the outcome, followup.py);
- belum: at least one is still open (late once its follow-up date has passed);
- tidak ada: a low predikat in those periods (or this annual predikat is low) and no plan.

Shown only for low performers: a low predikat in those periods, a low predikat on this
annual evaluation, or a plan in those periods. Two queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from pamong.core.actor import Actor
from pamong.core.permissions import sees_all
from pamong.org.models import Employee
from pamong.performance import followup as fu
from pamong.performance.models import CoachingPlan, Rating

DONE, OPEN, NONE = "dilaksanakan", "belum", "tidak_ada"


@dataclass(frozen=True)
class PlanLine:
    period: str
    closed: bool
    late: bool  # open and past its follow-up date
    follow_up_date: dt.date
    outcome: str
    url: str  # the plan's page, when the actor may open it


@dataclass
class CoachingStatus:
    year: int
    state: str  # DONE, OPEN or NONE
    low_periods: list[str] = field(default_factory=list)
    plans: list[PlanLine] = field(default_factory=list)


def _window(year: int) -> Q:
    return Q(period__startswith=f"{year:04d}-") | Q(period=f"{year - 1:04d}")


def coaching_status(
    actor: Actor, employee: Employee, year: int, predikat: str, today: dt.date
) -> CoachingStatus | None:
    """The status for the annual evaluation of `year` whose predikat is `predikat` (empty
    before it is rated); None when the employee was not a low performer."""
    low_periods = list(
        Rating.objects.filter(
            _window(year),
            tenant_id=employee.tenant_id,
            employee_id=employee.pk,
            predikat__in=fu.NEEDS_COACHING,
        )
        .order_by("period")
        .values_list("period", flat=True)
    )
    plans = list(
        # Only the follow-up of a low predikat; coaching and mentoring plans keep their
        # start year in `period` and would read as the follow-up of an annual rating.
        CoachingPlan.objects.filter(
            _window(year),
            tenant_id=employee.tenant_id,
            employee_id=employee.pk,
            kind=CoachingPlan.Kind.FOLLOW_UP,
        ).order_by("period")
    )
    if not (low_periods or plans or predikat in fu.NEEDS_COACHING):
        return None
    may_open = (
        actor.employee_id == employee.pk
        or fu.can_coach(actor, employee)
        or sees_all(actor, fu.VIEW_ALL)
    )
    lines = [
        PlanLine(
            period=p.period,
            closed=p.status == CoachingPlan.Status.CLOSED,
            late=p.status == CoachingPlan.Status.OPEN and p.follow_up_date < today,
            follow_up_date=p.follow_up_date,
            outcome=p.outcome,
            url=reverse("performance:coaching", args=[p.pk]) if may_open else "",
        )
        for p in plans
    ]
    if not lines:
        state = NONE
    elif all(line.closed for line in lines):
        state = DONE
    else:
        state = OPEN
    return CoachingStatus(year=year, state=state, low_periods=low_periods, plans=lines)
