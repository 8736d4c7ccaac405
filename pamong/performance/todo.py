"""Performance's part of the home page's to-do list (registered in apps.py): coaching and
mentoring the person runs that have had no session for a while."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.todo import Fact, Todo

from .models import CoachingPlan
from .pembinaan import STARTABLE

QUIET_DAYS = 30


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Open coaching or mentoring plans the actor runs (as the assigned mentor, or as the
    supervisor when no mentor is assigned) without a session in the last 30 days; overdue
    once their follow-up date has passed. One query."""
    if actor.tenant is None or actor.employee_id is None:
        return
    me = actor.employee_id
    runs = Q(mentor_id=me) | Q(mentor__isnull=True, employee__supervisor_id=me)
    counts = (
        CoachingPlan.objects.filter(
            runs, tenant=actor.tenant, status=CoachingPlan.Status.OPEN, kind__in=STARTABLE
        )
        .exclude(employee_id=me)
        .exclude(sessions__held_on__gte=today - dt.timedelta(days=QUIET_DAYS))
        .aggregate(n=Count("pk"), late=Count("pk", filter=Q(follow_up_date__lt=today)))
    )
    yield Todo(
        "performance.pembinaan",
        _("Coaching atau mentoring tanpa sesi dalam 30 hari terakhir"),
        counts["n"],
        f"{reverse('performance:pembinaan')}?status=open",
        counts["late"],
    )
