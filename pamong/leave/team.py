"""The team calendar: who of the actor's people is away (or asked to be) in a month."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from pamong.attendance.models import Leave, LeaveType
from pamong.core.actor import Actor

from .models import LeaveRequest
from .selectors import team_employees

SHORT: dict[str, str] = {
    LeaveType.TAHUNAN: "CT", LeaveType.BESAR: "CB", LeaveType.SAKIT: "CS",
    LeaveType.MELAHIRKAN: "CM", LeaveType.ALASAN_PENTING: "CAP", LeaveType.CLTN: "CLTN",
}  # fmt: skip


def _shift(first: dt.date, delta: int) -> str:
    index = first.year * 12 + first.month - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def team_month(actor: Actor, first: dt.date) -> dict[str, Any]:
    """Three queries: the people, their approved leave and their open requests."""
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    people = team_employees(actor)
    leaves = Leave.objects.filter(
        tenant=actor.tenant, employee__in=people, start__lte=last, end__gte=first
    ).values_list("employee_id", "kind", "start", "end")
    pending = LeaveRequest.objects.filter(  # travel days included: away all the same
        tenant=actor.tenant, employee__in=people, status__in=LeaveRequest.OPEN,
        start__lte=last, range_end__gte=first,
    ).values_list("employee_id", "kind", "start", "range_end")  # fmt: skip
    spans: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for rows, approved in ((leaves, True), (pending, False)):
        for employee_id, kind, start, end in rows:
            spans[employee_id].append({"kind": kind, "label": LeaveType(kind).label,
                                       "short": SHORT[kind], "start": start, "end": end,
                                       "approved": approved})  # fmt: skip
    names = dict(
        people.filter(pk__in=list(spans)).values_list("pk", "name")
    ) if spans else {}  # fmt: skip
    days = [first + dt.timedelta(days=i) for i in range(last.day)]
    rows_out = []
    for employee_id, items in sorted(spans.items(), key=lambda kv: names.get(kv[0], "")):
        cells = []
        for day in days:
            hit = next((s for s in items if s["start"] <= day <= s["end"]), None)
            cells.append(hit)
        items.sort(key=lambda s: s["start"])
        rows_out.append({"name": names.get(employee_id, ""), "spans": items, "cells": cells})
    return {
        "month": f"{first:%Y-%m}",
        "first": first,
        "days": days,
        "rows": rows_out,
        "prev_month": _shift(first, -1),
        "next_month": _shift(first, 1),
        "legend": [(SHORT[k], LeaveType(k).label) for k in LeaveType.values],
        "pending_label": _("menunggu persetujuan"),
    }
