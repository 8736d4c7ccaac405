"""The leave app's part of the home page's to-do list (registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.attendance.calendar import calendar_for
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.todo import Fact, Todo

from .balances import compute_balances
from .models import LeaveRequest
from .selectors import _decide_q, can_use_inbox


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Requests to consider (as supervisor) and to decide (as official), one query; a
    request whose first day has come while it is still open is overdue. An employee's
    own annual balance."""
    if actor.tenant is None:
        return
    if can_use_inbox(actor):
        status = LeaveRequest.Status
        consider = (
            Q(status=status.SUBMITTED, supervisor_id=actor.employee_id)
            if actor.employee_id is not None
            else Q(pk__in=[])
        )
        decide = _decide_q(actor) & Q(status=status.CONSIDERED)
        late = Q(start__lte=today)
        counts = LeaveRequest.objects.filter(
            consider | decide, tenant=actor.tenant, status__in=LeaveRequest.OPEN
        ).aggregate(
            consider=Count("pk", filter=consider),
            consider_late=Count("pk", filter=consider & late),
            decide=Count("pk", filter=decide),
            decide_late=Count("pk", filter=decide & late),
        )
        url = reverse("leave:inbox")
        yield Todo(
            "leave.consider",
            _("Permohonan cuti menunggu pertimbangan Anda"),
            counts["consider"],
            url,
            counts["consider_late"],
        )
        yield Todo(
            "leave.decide",
            _("Permohonan cuti menunggu keputusan Anda"),
            counts["decide"],
            url,
            counts["decide_late"],
        )
    if actor.employee_id is not None:
        try:
            calendar = calendar_for(actor.tenant)
        except InputErrors:
            return  # no work calendar yet: no balance to show
        balance = compute_balances(
            actor.tenant, today.year, calendar, employee_ids=[actor.employee_id]
        ).get(actor.employee_id)
        if balance is None:
            return
        lines = [
            _("Sisa %(n)d hari kerja dari hak %(total)d hari.")
            % {"n": balance.sisa, "total": balance.hak_total}
        ]
        if balance.pending:
            lines.append(
                _("%(n)d hari sedang diajukan; yang masih bisa diajukan %(free)d hari.")
                % {"n": balance.pending, "free": balance.available}
            )
        yield Fact(
            "leave.balance",
            _("Cuti tahunan %(year)d") % {"year": today.year},
            lines,
            reverse("leave:index"),
            _("Cuti saya"),
        )
