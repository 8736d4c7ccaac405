"""Handling deadlines of public reports, in working days, and escalation of overdue ones.

Working days come from the tenant calendar (pamong.attendance.calendar: schedule, national
holidays, cuti bersama); a tenant that has not loaded one yet counts Monday to Friday.
Deadlines (domain.md §5.2, configurable per tenant in DeadlinePolicy): first response within
3 working days; resolution within 5 working days for every category, 14 for disputes or
violations without a field check and 60 for cases needing a field inspection. The staff
choose that tier when verifying. A deadline day N is the N-th working day after the day the
report arrived (tenant time zone). Dates are stored on the report, so changing the policy
only affects reports that arrive (or are verified) afterwards.

Tunda (postponed, waiting for the reporter): the clock stops. A postponed report is not
open for escalation, and when the reporter's reply brings it back, both deadlines move
later by the working days it waited (`paused_working_days`: those after the day it was
postponed, up to and including the day of the reply); the total is kept on the report
(`paused_days`) so that verification, which recomputes the resolution deadline from the
day of arrival, adds it again.

Escalation: an open report past a deadline is brought to the head of the OPD responsible
for it (the handling unit once dispatched, else the unit reported), once per deadline.
`escalate_overdue` is idempotent (a unique row per report and reason), audited, and run by
`pamong complaints escalate` and the Celery task in tasks.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from pamong.attendance.models import WorkCalendar
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.errors import InputErrors
from pamong.core.localcache import TTLCache
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.participation.models import Complaint, ComplaintEscalation, DeadlinePolicy

POLICY_FIELDS = [
    "first_response_days",
    "pengaduan_days",
    "aspirasi_days",
    "pertanyaan_days",
    "apresiasi_days",
    "dispute_days",
    "field_days",
]
# Postponed reports wait for the reporter: their clock is paused, they are not escalated.
OPEN_STATES = [
    Complaint.State.NEW,
    Complaint.State.VERIFIED,
    Complaint.State.DISPATCHED,
    Complaint.State.IN_PROGRESS,
]
Reason = ComplaintEscalation.Reason


def _weekdays(day: dt.date) -> bool:
    return day.weekday() < 5


def _load_is_working_day(tenant: Tenant) -> Callable[[dt.date], bool]:
    from pamong.attendance.calendar import calendar_for

    try:
        return calendar_for(tenant).is_working_day
    except InputErrors:  # no calendar loaded yet
        return _weekdays


# Every public submission needs both; they change a few times a year (see localcache).
_calendars: TTLCache[Callable[[dt.date], bool]] = TTLCache(30, watch=(WorkCalendar,))
_policies: TTLCache[DeadlinePolicy] = TTLCache(30, watch=(DeadlinePolicy,))


def _is_working_day(tenant: Tenant) -> Callable[[dt.date], bool]:
    return _calendars.get(tenant.pk, lambda: _load_is_working_day(tenant))


def add_working_days(
    tenant: Tenant, start: dt.date, count: int, is_working: Callable[[dt.date], bool] | None = None
) -> dt.date:
    """The `count`-th working day after `start` (start itself not counted); `is_working`
    is the tenant's calendar when the caller already has it."""
    if is_working is None:
        is_working = _is_working_day(tenant)
    day, found = start, 0
    # A calendar without any working day would loop forever: give up after ten years.
    limit = start + dt.timedelta(days=3660)
    while found < count and day < limit:
        day += dt.timedelta(days=1)
        if is_working(day):
            found += 1
    return day if found >= count else start + dt.timedelta(days=count)


def paused_working_days(tenant: Tenant, postponed: dt.date, resumed: dt.date) -> int:
    """Working days d with postponed < d <= resumed: how long the clock stood still."""
    is_working = _is_working_day(tenant)
    days = (resumed - postponed).days
    return sum(1 for n in range(1, days + 1) if is_working(postponed + dt.timedelta(days=n)))


def policy_for(tenant: Tenant) -> DeadlinePolicy:
    """The tenant's policy, or an unsaved one holding the defaults."""
    return DeadlinePolicy.objects.filter(tenant=tenant).first() or DeadlinePolicy(tenant=tenant)


def resolution_days(policy: DeadlinePolicy, category: str, handling: str) -> int:
    if handling == Complaint.Handling.DISPUTE:
        return policy.dispute_days
    if handling == Complaint.Handling.FIELD:
        return policy.field_days
    return int(getattr(policy, f"{category}_days"))


def compute_dues(
    tenant: Tenant, received: dt.date, category: str, handling: str, paused_days: int = 0
) -> tuple[dt.date, dt.date]:
    """(first response due, resolution due) for a report received on `received`, later by
    the working days its clock was paused (Tunda)."""
    # Read-only use: the cached instance is shared by the requests of this process.
    policy = _policies.get(tenant.pk, lambda: policy_for(tenant))
    is_working = _is_working_day(tenant)  # read the calendar once for both
    return (
        add_working_days(tenant, received, policy.first_response_days + paused_days, is_working),
        add_working_days(
            tenant, received, resolution_days(policy, category, handling) + paused_days, is_working
        ),
    )


@transaction.atomic
def policy_save(*, actor: Actor, values: dict[str, int]) -> DeadlinePolicy:
    require(actor, "participation.manage")
    assert actor.tenant is not None
    policy = policy_for(actor.tenant)
    before = snapshot(policy, POLICY_FIELDS)
    for name in POLICY_FIELDS:
        setattr(policy, name, int(values[name]))
    policy.full_clean(validate_constraints=False)
    policy.save()
    audit(
        actor=actor,
        action="participation.deadline_policy.save",
        obj=policy,
        before=before,
        after=snapshot(policy, POLICY_FIELDS),
    )
    return policy


def is_overdue(complaint: Complaint, today: dt.date) -> bool:
    return bool(overdue_reasons(complaint, today))


def overdue_reasons(complaint: Complaint, today: dt.date) -> list[str]:
    if complaint.state not in OPEN_STATES:
        return []
    reasons = []
    if complaint.first_response_at is None and complaint.first_response_due < today:
        reasons.append(Reason.FIRST_RESPONSE.value)
    if complaint.resolution_due is not None and complaint.resolution_due < today:
        reasons.append(Reason.RESOLUTION.value)
    return reasons


def overdue_complaints(tenant: Tenant, today: dt.date) -> QuerySet[Complaint]:
    late_first = Q(first_response_at__isnull=True, first_response_due__lt=today)
    late_resolution = Q(resolution_due__lt=today)
    return Complaint.objects.filter(
        Q(tenant=tenant, state__in=OPEN_STATES) & (late_first | late_resolution)
    ).select_related("unit", "handling_unit")


def responsible_opd_id(complaint: Complaint) -> int | None:
    """None while nobody knows the OPD ("Belum tahu", not yet verified): the report is
    then with the verification desk, not with an OPD head."""
    unit = complaint.handling_unit or complaint.unit
    if unit is None:
        return None
    return unit.opd_id or unit.pk


def escalate_overdue(*, actor: Actor, today: dt.date) -> list[ComplaintEscalation]:
    """Escalate every overdue open report not yet escalated for that deadline."""
    require(actor, "participation.manage")
    assert actor.tenant is not None
    created: list[ComplaintEscalation] = []
    for complaint in overdue_complaints(actor.tenant, today):
        for reason in overdue_reasons(complaint, today):
            escalation = _escalate_one(actor, complaint, reason)
            if escalation is not None:
                created.append(escalation)
    return created


def _escalate_one(actor: Actor, complaint: Complaint, reason: str) -> ComplaintEscalation | None:
    assert actor.tenant is not None
    if ComplaintEscalation.objects.filter(
        tenant=actor.tenant, complaint=complaint, reason=reason
    ).exists():
        return None
    opd_id = responsible_opd_id(complaint)
    if opd_id is None:
        return None
    due = (
        complaint.first_response_due
        if reason == Reason.FIRST_RESPONSE
        else complaint.resolution_due or complaint.first_response_due
    )
    try:
        # A concurrent run may insert the same row: the unique constraint keeps one.
        with transaction.atomic():
            escalation = ComplaintEscalation.objects.create(
                tenant=actor.tenant,
                complaint=complaint,
                reason=reason,
                opd_id=opd_id,
                due=due,
            )
            audit(
                actor=actor,
                action="participation.complaint.escalate",
                obj=complaint,
                data={"reason": reason, "opd": escalation.opd_id, "due": due.isoformat()},
            )
    except IntegrityError:
        return None
    return escalation


def escalations_for(actor: Actor) -> QuerySet[ComplaintEscalation]:
    """Escalations the actor sees: staff all of the tenant, an OPD head those of the OPD."""
    from pamong.core.permissions import has_perm

    if actor.tenant is None:
        return ComplaintEscalation.objects.none()
    qs = ComplaintEscalation.objects.filter(tenant=actor.tenant).select_related(
        "complaint", "complaint__unit", "opd"
    )
    if has_perm(actor, "participation.view"):
        return qs
    return qs.filter(opd_id__in=actor.opd_ids)
