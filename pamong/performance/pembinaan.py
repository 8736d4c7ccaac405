"""Coaching and mentoring (domain.md §4.3, non-classical development) on the same plan as the
tindak lanjut for a low predikat: start a plan, record its sessions, close it with an outcome.

Who runs a plan: the employee's direct supervisor, the head of the OPD, BKPSDM, and the
assigned mentor (rule `can_run`). The employee reads their own plan. Every recorded,
changed or removed session sends `sessions_changed`, which the competence app turns into
the employee's JP (its ledger stays the one place JP are counted, see competence/apps.py).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.dispatch import Signal
from django.http import Http404
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm, sees_all
from pamong.org.models import Employee, EmployeeStatus
from pamong.performance.followup import (
    MANAGE,
    VIEW_ALL,
    can_coach,
    check_plan_text,
    employee_scope,
)
from pamong.performance.models import CoachingPlan, CoachingSession

# Sent inside the transaction that recorded, changed or removed sessions of a plan.
# kwargs: tenant_id, plan_id, employee_id, kind, title, years (the calendar years touched).
sessions_changed = Signal()

PLAN_FIELDS = ["kind", "goals", "actions", "follow_up_date", "outcome", "status", "mentor"]
SESSION_FIELDS = ["held_on", "minutes", "notes", "agreed_actions"]
MAX_MINUTES = 720  # one sitting of at most 12 hours (the model's check constraint)
STARTABLE = (CoachingPlan.Kind.COACHING, CoachingPlan.Kind.MENTORING)


def may_start(actor: Actor) -> bool:
    """Who may start pembinaan at all: supervisors, OPD heads and BKPSDM (plan_start then
    decides per employee)."""
    return actor.is_supervisor or actor.is_opd_head or has_perm(actor, MANAGE)


def not_yours_message() -> str:
    # One answer for an unknown NIP and for an employee the actor may not coach, so that
    # neither the form nor the API tells which NIPs exist outside the actor's own people.
    return _(
        "Tidak ada pegawai dengan NIP ini yang dapat Anda bina: atasan langsung membina "
        "bawahannya, kepala OPD pegawai OPD-nya, BKPSDM semua pegawai."
    )


def can_run(actor: Actor, plan: CoachingPlan) -> bool:
    """Who records sessions and closes the plan: the coaches of the employee or the mentor."""
    if actor.tenant is None or plan.tenant_id != actor.tenant.pk:
        return False
    mentor = actor.employee_id is not None and plan.mentor_id == actor.employee_id
    return mentor or can_coach(actor, plan.employee)


def plans_visible_to(actor: Actor) -> QuerySet[CoachingPlan]:
    """Plans of the employees the actor coaches or oversees, plans they mentor, their own."""
    if actor.tenant is None:
        return CoachingPlan.objects.none()
    scope = employee_scope(actor, "employee__")
    rule = scope if scope is not None else Q(pk__in=[])
    if actor.employee_id is not None:
        rule |= Q(mentor_id=actor.employee_id) | Q(employee_id=actor.employee_id)
    return (
        CoachingPlan.objects.filter(rule, tenant=actor.tenant)
        .select_related("employee", "mentor")
        .order_by("status", "follow_up_date", "id")
    )


def get_plan(actor: Actor, pk: int) -> CoachingPlan:
    """404 outside the tenant; the employee, the coaches, the mentor and the readers of the
    employee's OPD (auditors, OPD-limited grants) read."""
    if actor.tenant is None:
        raise Http404
    plan = (
        CoachingPlan.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__position", "coach", "mentor")
        .first()
    )
    if plan is None:
        raise Http404
    if actor.employee_id == plan.employee_id or can_run(actor, plan) or sees_all(actor, VIEW_ALL):
        return plan
    # A reader limited to some OPDs opens what plans_visible_to lists for them.
    scope = employee_scope(actor, "employee__")
    if scope is not None and CoachingPlan.objects.filter(scope, pk=plan.pk).exists():
        return plan
    raise PermissionDenied


def get_session(actor: Actor, pk: int) -> CoachingSession:
    if actor.tenant is None:
        raise Http404
    session = CoachingSession.objects.filter(tenant=actor.tenant, pk=pk).first()
    if session is None:
        raise Http404
    session.plan = get_plan(actor, session.plan_id)
    return session


def session_totals(plan_id: int, years: set[int]) -> dict[int, tuple[int, int, dt.date]]:
    """Per calendar year: the plan's sessions, their minutes and the last session's date.
    Read by the competence app to count the JP (one grouped query)."""
    rows = (
        CoachingSession.objects.filter(plan_id=plan_id)
        .annotate(year=ExtractYear("held_on"))
        .filter(year__in=sorted(years))
        .values("year")
        .annotate(n=Count("id"), minutes=Sum("minutes"), last=Max("held_on"))
        .order_by()
    )
    return {r["year"]: (r["n"], r["minutes"] or 0, r["last"]) for r in rows}


def _notify(plan: CoachingPlan, years: set[int]) -> None:
    sessions_changed.send(
        sender=CoachingSession,
        tenant_id=plan.tenant_id,
        plan_id=plan.pk,
        employee_id=plan.employee_id,
        kind=plan.kind,
        title=plan.goals.splitlines()[0][:150] if plan.goals else "",
        years=years,
    )


def _mentor_problem(mentor: Employee | None, employee: Employee) -> str | None:
    if mentor is None:
        return None
    if mentor.tenant_id != employee.tenant_id:
        return _("Mentor tidak ditemukan.")
    if mentor.pk == employee.pk:
        return _("Pegawai tidak dapat menjadi mentor bagi dirinya sendiri.")
    if mentor.status != EmployeeStatus.AKTIF:
        return _("Mentor harus pegawai aktif.")
    return None


@transaction.atomic
def plan_start(
    *,
    actor: Actor,
    employee: Employee,
    kind: str,
    goals: str,
    actions: str,
    follow_up_date: dt.date | None,
    mentor: Employee | None = None,
) -> CoachingPlan:
    """A supervisor (or the OPD head, or BKPSDM) starts coaching or mentoring for an employee."""
    if not can_coach(actor, employee):
        raise PermissionDenied(
            _("Hanya atasan langsung, kepala OPD, atau BKPSDM yang dapat memulai pembinaan.")
        )
    if kind not in STARTABLE:
        raise ValidationError(_("Jenis pembinaan harus coaching atau mentoring."))
    problem = _mentor_problem(mentor, employee)
    if problem:
        raise ValidationError(problem)
    today = clock.today(actor.tenant)
    check_plan_text(goals, actions, follow_up_date, today)
    assert follow_up_date is not None
    plan = CoachingPlan.objects.create(
        tenant=employee.tenant,
        kind=kind,
        employee=employee,
        period=str(today.year),
        goals=goals.strip(),
        actions=actions.strip(),
        follow_up_date=follow_up_date,
        coach_id=actor.employee_id,
        mentor=mentor,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="performance.coaching.started",
        obj=plan,
        after=snapshot(plan, PLAN_FIELDS),
        data={"employee": employee.pk, "kind": kind},
    )
    return plan


def _lock_open_plan(actor: Actor, plan: CoachingPlan) -> CoachingPlan:
    if not can_run(actor, plan):
        raise PermissionDenied(
            _("Hanya atasan, mentor yang ditunjuk, atau BKPSDM yang dapat mencatat sesi.")
        )
    locked = (
        CoachingPlan.objects.select_for_update()
        .select_related("employee")
        .get(pk=plan.pk, tenant_id=plan.tenant_id)
    )
    if locked.status != CoachingPlan.Status.OPEN:
        raise ValidationError(_("Pembinaan yang sudah selesai tidak dapat diubah."))
    return locked


def _check_session(
    actor: Actor, plan: CoachingPlan, held_on: dt.date | None, minutes: int | None, notes: str
) -> tuple[dt.date, int]:
    # A session belongs to its plan's years: dated before the plan's year, it would add JP
    # to a year whose 20 JP have already been reported.
    first_day = dt.date(int(plan.period[:4]), 1, 1)
    errors = []
    if held_on is None:
        errors.append(_("Tanggal sesi wajib diisi."))
    elif held_on > clock.today(actor.tenant):
        errors.append(_("Tanggal sesi tidak boleh di masa depan."))
    elif held_on < first_day:
        errors.append(
            _("Tanggal sesi tidak boleh sebelum tahun pembinaan ini (mulai %(day)s).")
            % {"day": first_day.isoformat()}
        )
    if minutes is None or not 1 <= minutes <= MAX_MINUTES:
        errors.append(_("Durasi sesi harus 1–720 menit."))
    if not notes.strip():
        errors.append(_("Catatan sesi wajib diisi."))
    if errors:
        raise ValidationError(errors)
    assert held_on is not None and minutes is not None
    return held_on, minutes


@transaction.atomic
def session_record(
    *,
    actor: Actor,
    plan: CoachingPlan,
    held_on: dt.date | None,
    minutes: int | None,
    notes: str,
    agreed_actions: str = "",
) -> CoachingSession:
    plan = _lock_open_plan(actor, plan)
    held_on, minutes = _check_session(actor, plan, held_on, minutes, notes)
    session = CoachingSession.objects.create(
        tenant_id=plan.tenant_id,
        plan=plan,
        held_on=held_on,
        minutes=minutes,
        notes=notes.strip(),
        agreed_actions=agreed_actions.strip(),
        recorded_by=actor.user,
    )
    audit(
        actor=actor,
        action="performance.coaching.session_recorded",
        obj=session,
        after=snapshot(session, SESSION_FIELDS),
        data={"plan": plan.pk, "employee": plan.employee_id},
    )
    _notify(plan, {held_on.year})
    return session


@transaction.atomic
def session_update(
    *,
    actor: Actor,
    session: CoachingSession,
    held_on: dt.date | None,
    minutes: int | None,
    notes: str,
    agreed_actions: str = "",
) -> CoachingSession:
    plan = _lock_open_plan(actor, session.plan)
    session = CoachingSession.objects.select_for_update().get(pk=session.pk, plan=plan)
    held_on, minutes = _check_session(actor, plan, held_on, minutes, notes)
    before = snapshot(session, SESSION_FIELDS)
    years = {session.held_on.year, held_on.year}
    session.held_on, session.minutes = held_on, minutes
    session.notes, session.agreed_actions = notes.strip(), agreed_actions.strip()
    session.save()
    audit(
        actor=actor,
        action="performance.coaching.session_updated",
        obj=session,
        before=before,
        after=snapshot(session, SESSION_FIELDS),
        data={"plan": plan.pk},
    )
    _notify(plan, years)
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: CoachingSession) -> None:
    plan = _lock_open_plan(actor, session.plan)
    session = CoachingSession.objects.select_for_update().get(pk=session.pk, plan=plan)
    before = snapshot(session, SESSION_FIELDS)
    audit(
        actor=actor,
        action="performance.coaching.session_deleted",
        obj=session,
        before=before,
        data={"plan": plan.pk},
    )
    year = session.held_on.year
    session.delete()
    _notify(plan, {year})


@transaction.atomic
def plan_close(*, actor: Actor, plan: CoachingPlan, outcome: str) -> CoachingPlan:
    """Close a plan of any kind with its outcome; its sessions' JP stay in the ledger."""
    plan = _lock_open_plan(actor, plan)
    if not outcome.strip():
        raise ValidationError(_("Hasil pembinaan wajib diisi sebelum pembinaan ditutup."))
    before = snapshot(plan, PLAN_FIELDS)
    plan.outcome, plan.status = outcome.strip(), CoachingPlan.Status.CLOSED
    plan.save(update_fields=["outcome", "status", "updated_at"])
    audit(
        actor=actor,
        action="performance.coaching.closed",
        obj=plan,
        before=before,
        after=snapshot(plan, PLAN_FIELDS),
    )
    return plan
