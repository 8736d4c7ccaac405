"""Coaching and mentoring sessions (performance.pembinaan) as JP in the yearly ledger.

The performance app records sessions and sends `sessions_changed`; this receiver (connected
in apps.py) rewrites the plan's ledger row of each year touched from the sessions as they
now stand, so recording, editing or deleting a session, or sending the signal again, leaves
exactly one row per plan and year with the right JP (activity key "pembinaan:<plan>:<year>").

A plan's sessions in one calendar year count as one activity under the tenant's recognition
rule for coaching or mentoring (competence settings): `jp` per session, one JP per 45
minutes, or the minutes converted at 45 minutes per JP ("declared"), within the rule's cap.
The tindak lanjut of a low predikat counts as coaching by the supervisor.
"""

from __future__ import annotations

from typing import Any

from pamong.org.models import Employee
from pamong.performance.pembinaan import session_totals

from .models import JpEntry, ProgrammeKind
from .rules import MINUTES_PER_JP, recognised_jp
from .selectors import settings_of
from .services import refresh_totals

PLAN_KIND_TO_FORM = {"mentoring": ProgrammeKind.MENTORING}  # else coaching


def activity_key(plan_id: int, year: int) -> str:
    return f"pembinaan:{plan_id}:{year}"


def sync_plan(
    *, tenant_id: int, plan_id: int, employee_id: int, kind: str, title: str, years: set[int]
) -> None:
    """Make the ledger rows of the plan for `years` match its sessions (idempotent)."""
    form = PLAN_KIND_TO_FORM.get(kind, ProgrammeKind.COACHING)
    rules = settings_of(tenant_id)[2]
    totals = session_totals(plan_id, years)
    employee = Employee.objects.only("id", "tenant_id", "opd_id").get(
        pk=employee_id, tenant_id=tenant_id
    )
    for year in years:
        key = activity_key(plan_id, year)
        count, minutes, last = totals.get(year, (0, 0, None))
        jp = (
            recognised_jp(form, minutes // MINUTES_PER_JP, rules, sessions=count, minutes=minutes)
            if count
            else 0
        )
        if jp <= 0 or last is None:
            JpEntry.objects.filter(
                tenant_id=tenant_id, employee_id=employee_id, activity_key=key
            ).delete()
            continue
        JpEntry.objects.update_or_create(
            tenant_id=tenant_id,
            employee_id=employee_id,
            activity_key=key,
            defaults={
                "opd_id": employee.opd_id,
                "year": year,
                "jp": jp,
                "source": JpEntry.Source.COACHING,
                "title": title[:200] or str(form.label),
                "kind": form,
                "completed_on": last,
            },
        )
    refresh_totals(tenant_id, [employee_id], years)


def on_sessions_changed(sender: Any, **kwargs: Any) -> None:
    sync_plan(
        tenant_id=kwargs["tenant_id"],
        plan_id=kwargs["plan_id"],
        employee_id=kwargs["employee_id"],
        kind=kwargs["kind"],
        title=kwargs["title"],
        years=set(kwargs["years"]),
    )
