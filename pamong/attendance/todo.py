"""The attendance app's part of the home page's to-do list (registered in apps.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.permissions import has_perm
from pamong.core.todo import Fact, Todo

from .calendar import calendar_for
from .classify import classify_range, month_bounds
from .models import Correction, CorrectionStatus
from .selectors import month_rows, month_summary


def todo_items(actor: Actor, today: dt.date) -> Iterator[Todo | Fact]:
    """Corrections to decide (one query; a correction of a month that is over is overdue,
    since that month's TPP waits for it) and the employee's own month so far."""
    if actor.tenant is None:
        return
    if not (actor.subordinate_ids or has_perm(actor, "attendance.manage")):
        counts = {"n": 0, "late": 0}
    else:
        counts = _pending(actor, today)
    yield Todo(
        "attendance.corrections",
        _("Koreksi presensi menunggu keputusan Anda"),
        counts["n"],
        reverse("attendance:corrections"),
        counts["late"],
    )
    yield from _own_month(actor, today)


def _pending(actor: Actor, today: dt.date) -> dict[str, int]:
    # pending_for(actor), with the direct subordinates the actor already knows instead of a
    # join on their supervisor (the same rows; an index lookup per subordinate).
    waiting = Q(employee_id__in=actor.subordinate_ids)
    if has_perm(actor, "attendance.manage"):
        waiting |= Q(employee__supervisor__isnull=True)
    pending = Correction.objects.filter(
        waiting, tenant=actor.tenant, status=CorrectionStatus.PENDING
    )
    if actor.employee_id is not None:
        pending = pending.exclude(employee_id=actor.employee_id)
    return pending.aggregate(
        n=Count("pk"), late=Count("pk", filter=Q(day__lt=today.replace(day=1)))
    )


def _own_month(actor: Actor, today: dt.date) -> Iterator[Fact]:
    if actor.tenant is None or actor.employee_id is None:
        return
    try:
        calendar = calendar_for(actor.tenant)
    except InputErrors:
        return  # no work calendar yet: nothing to count
    first, last = month_bounds(today.year, today.month)
    result = classify_range(
        tenant=actor.tenant,
        first=first,
        last=last,
        employee_ids=[actor.employee_id],
        calendar=calendar,
    )
    now = clock.local_now(actor.tenant)
    summary = month_summary(
        month_rows(calendar, first, last, result.employees.get(actor.employee_id), now)
    )
    done = summary["paid"] - summary["planned"]
    lines = [
        _("Hadir %(present)d dari %(done)d hari kerja yang sudah lewat.")
        % {"present": summary["present"], "done": done},
        _("Terlambat %(days)d hari (%(minutes)d menit).")
        % {"days": summary["late_days"], "minutes": summary["late_minutes"]},
        _("Tanpa keterangan %(absent)d hari, absen tidak lengkap %(missing)d hari.")
        % {"absent": summary["absent"], "missing": summary["missing"]},
    ]
    if summary["leave"] or summary["duty"]:
        lines.append(
            _("Cuti %(leave)d hari, dinas luar %(duty)d hari.")
            % {"leave": summary["leave"], "duty": summary["duty"]}
        )
    yield Fact(
        "attendance.month",
        _("Presensi bulan ini"),
        lines,
        reverse("attendance:index"),
        _("Presensi saya"),
    )
