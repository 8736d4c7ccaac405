"""Aggregate reads of public participation for other apps (the policy evaluation).

Per OPD (the report's responsible OPD: the handling unit's once dispatched, else the
reported unit's), set-based, no personal data and no permission check: the caller decides
who sees which OPD.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from pamong.core.models import Tenant
from pamong.participation.models import Complaint, ForumActionItem
from pamong.participation.stats import UnitParticipation, units_participation


def _window(tenant: Tenant, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(tenant.timezone)
    return (
        dt.datetime.combine(start, dt.time.min, zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, zone),
    )


def complaint_rows(tenant: Tenant, start: dt.date, end: dt.date, opd_id: int | None) -> QuerySet:
    """Reports that arrived in start..end (and concern `opd_id`), with their responsible OPD."""
    first, after = _window(tenant, start, end)
    qs = Complaint.objects.filter(
        tenant=tenant, submitted_at__gte=first, submitted_at__lt=after
    ).annotate(
        resp_opd=Coalesce("handling_unit__opd_id", "unit__opd_id", "unit_id"),
        resp_unit=Coalesce("handling_unit_id", "unit_id"),
    )
    return qs.filter(resp_opd=opd_id) if opd_id else qs


def complaints_per_opd(
    tenant: Tenant, start: dt.date, end: dt.date, *, level: str = "opd"
) -> dict[int, dict[str, Any]]:
    """Per OPD: received; first response due/on time; resolution due/on time; ratings.
    With level="unit", per responsible unit (the handling unit once dispatched, else the
    reported unit).

    One row per report is read (dates are compared in the tenant's zone in Python):
    - first response on time: answered (first response, else closure) on or before its
      first-response day, among reports not archived;
    - resolved on time: closed on or before the resolution deadline, among closed reports
      that had one (as the participation dashboard counts it).
    """
    zone = ZoneInfo(tenant.timezone)
    out: dict[int, dict[str, Any]] = {}
    rows = complaint_rows(tenant, start, end, None).values_list(
        "resp_unit" if level == "unit" else "resp_opd",
        "state",
        "first_response_due",
        "first_response_at",
        "closed_at",
        "resolution_due",
        "rating",
    )
    for opd_id, state, fr_due, fr_at, closed_at, res_due, rating in rows.order_by():
        f = out.setdefault(
            opd_id,
            {"received": 0, "fr_due": 0, "fr_ok": 0, "res_due": 0, "res_ok": 0, "rated": 0,
             "rating_sum": 0},
        )  # fmt: skip
        f["received"] += 1
        if state == Complaint.State.ARCHIVED:
            continue
        f["fr_due"] += 1
        answered = fr_at or closed_at
        if answered is not None and answered.astimezone(zone).date() <= fr_due:
            f["fr_ok"] += 1
        if state == Complaint.State.CLOSED and res_due is not None and closed_at is not None:
            f["res_due"] += 1
            if closed_at.astimezone(zone).date() <= res_due:
                f["res_ok"] += 1
        if rating:
            f["rated"] += 1
            f["rating_sum"] += rating
    return out


def ikm_per_opd(
    tenant: Tenant, opd_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, UnitParticipation]:
    """IKM (PermenPANRB 14/2017) of each OPD's services over start..end."""
    return units_participation(tenant, opd_ids, start, end)


def forum_items_per_opd(
    tenant: Tenant, start: dt.date, end: dt.date, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Forum action items due in start..end per responsible OPD (or responsible unit with
    level="unit"): due, done by the end."""
    __, after = _window(tenant, start, end)
    qs = (
        ForumActionItem.objects.filter(tenant=tenant, due_date__gte=start, due_date__lte=end)
        .annotate(resp_opd=Coalesce("responsible_unit__opd_id", "responsible_unit_id"))
        .values_list("responsible_unit_id" if level == "unit" else "resp_opd")
        .annotate(
            due=Count("id"),
            done=Count("id", filter=Q(state=ForumActionItem.State.DONE, closed_at__lt=after)),
        )
        .order_by()
    )
    return {o: {"due": d, "done": n} for o, d, n in qs if o}


def forum_item_rows(
    tenant: Tenant, start: dt.date, end: dt.date, opd_id: int | None
) -> QuerySet[ForumActionItem]:
    """Forum action items due in start..end behind the forum figure (for tracing)."""
    qs = ForumActionItem.objects.filter(
        tenant=tenant, due_date__gte=start, due_date__lte=end
    ).annotate(resp_opd=Coalesce("responsible_unit__opd_id", "responsible_unit_id"))
    return qs.filter(resp_opd=opd_id) if opd_id else qs
