"""Tindak lanjut (domain.md §1.8): recognition candidates, coaching candidates, pembinaan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee
from pamong.performance.models import CoachingPlan, Rating
from pamong.performance.predikat import Predikat

VIEW_ALL = "performance.view_all"
MANAGE = "performance.manage"
# Every period form a Rating may carry (monthly, quarterly, semester, annual).
ANY_PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|S[12]))?$")
RECOGNITION = [Predikat.SANGAT_BAIK]
NEEDS_COACHING = [Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG]
FIELDS = ["goals", "actions", "follow_up_date", "outcome", "status"]


def employee_scope(actor: Actor, prefix: str = "") -> Q | None:
    """Whose follow-up the actor handles: all, their OPDs, or their direct subordinates.
    None when nobody's; `prefix` roots the filter on a relation such as "employee__"."""
    opds = opds_in_view(actor, VIEW_ALL)
    if opds is None:
        return Q()
    rules = []
    if opds:
        rules.append(Q(**{f"{prefix}opd_id__in": opds}))
    if actor.employee_id is not None and actor.subordinate_ids:
        rules.append(Q(**{f"{prefix}supervisor_id": actor.employee_id}))
    if not rules:
        return None
    out = rules[0]
    for rule in rules[1:]:
        out |= rule
    return out


def ratings_in_scope(actor: Actor, period: str, predikats: Sequence[str]) -> QuerySet[Rating]:
    scope = employee_scope(actor, "employee__")
    if scope is None:
        raise PermissionDenied
    return (
        Rating.objects.filter(
            scope,
            tenant=actor.tenant,
            period=period,
            predikat__in=predikats,
        )
        .select_related("employee", "employee__position", "employee__unit")
        .order_by("employee__name")
    )


def plans_in_scope(actor: Actor) -> QuerySet[CoachingPlan]:
    scope = employee_scope(actor, "employee__")
    if scope is None:
        raise PermissionDenied
    return (
        CoachingPlan.objects.filter(scope, tenant=actor.tenant)
        .select_related("employee", "coach")
        .order_by("status", "follow_up_date", "id")
    )


def can_coach(actor: Actor, employee: Employee) -> bool:
    """The direct supervisor, the head of the OPD, or BKPSDM; never oneself."""
    if actor.tenant is None or employee.tenant_id != actor.tenant.pk:
        return False
    if actor.employee_id == employee.pk:
        return False
    return (
        (actor.employee_id is not None and employee.supervisor_id == actor.employee_id)
        or employee.opd_id in actor.opd_ids
        or has_perm(actor, MANAGE)
    )


def check_plan_text(
    goals: str, actions: str, follow_up_date: dt.date | None, today: dt.date
) -> None:
    errors = []
    if not goals.strip():
        errors.append(_("Tujuan pembinaan wajib diisi."))
    if not actions.strip():
        errors.append(_("Langkah pembinaan wajib diisi."))
    if follow_up_date is None:
        errors.append(_("Tanggal tindak lanjut wajib diisi."))
    elif follow_up_date < today:
        errors.append(_("Tanggal tindak lanjut tidak boleh di masa lalu."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def coaching_create(
    *,
    actor: Actor,
    employee: Employee,
    period: str,
    goals: str,
    actions: str,
    follow_up_date: dt.date | None,
) -> CoachingPlan:
    if not can_coach(actor, employee):
        raise PermissionDenied(
            _("Hanya atasan langsung, kepala OPD, atau BKPSDM yang dapat menyusun pembinaan.")
        )
    rating = Rating.objects.filter(tenant=employee.tenant, employee=employee, period=period).first()
    if rating is None or rating.predikat not in NEEDS_COACHING:
        raise ValidationError(
            _("Pembinaan disusun untuk pegawai dengan predikat butuh perbaikan atau lebih rendah.")
        )
    if CoachingPlan.objects.filter(
        tenant=employee.tenant, employee=employee, period=period, kind=CoachingPlan.Kind.FOLLOW_UP
    ).exists():
        raise ValidationError(_("Rencana pembinaan untuk periode ini sudah ada."))
    check_plan_text(goals, actions, follow_up_date, clock.today(actor.tenant))
    assert follow_up_date is not None
    plan = CoachingPlan.objects.create(
        tenant=employee.tenant,
        employee=employee,
        period=period,
        predikat=rating.predikat,
        goals=goals.strip(),
        actions=actions.strip(),
        follow_up_date=follow_up_date,
        coach_id=actor.employee_id,
        created_by=actor.user,
    )
    audit(
        actor=actor,
        action="performance.coaching.created",
        obj=plan,
        after=snapshot(plan, FIELDS),
        data={"employee": employee.pk, "period": period},
    )
    return plan


@transaction.atomic
def coaching_update(
    *,
    actor: Actor,
    plan: CoachingPlan,
    goals: str,
    actions: str,
    follow_up_date: dt.date | None,
    outcome: str = "",
    close: bool = False,
) -> CoachingPlan:
    if not can_coach(actor, plan.employee):
        raise PermissionDenied(_("Anda tidak dapat mengubah rencana pembinaan ini."))
    plan = CoachingPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.kind != CoachingPlan.Kind.FOLLOW_UP:
        # Coaching and mentoring have their own write path (performance/pembinaan.py).
        raise ValidationError(_("Coaching dan mentoring diubah di halaman pembinaan."))
    if plan.status == CoachingPlan.Status.CLOSED:
        raise ValidationError(_("Rencana pembinaan yang sudah selesai tidak dapat diubah."))
    # A past follow-up date may stay when it is not being changed (the meeting happened).
    today = min(clock.today(actor.tenant), plan.follow_up_date)
    check_plan_text(goals, actions, follow_up_date, today)
    if close and not outcome.strip():
        raise ValidationError(_("Hasil pembinaan wajib diisi sebelum pembinaan ditutup."))
    assert follow_up_date is not None
    before = snapshot(plan, FIELDS)
    plan.goals, plan.actions = goals.strip(), actions.strip()
    plan.follow_up_date, plan.outcome = follow_up_date, outcome.strip()
    if close:
        plan.status = CoachingPlan.Status.CLOSED
    plan.save()
    audit(
        actor=actor,
        action="performance.coaching.closed" if close else "performance.coaching.updated",
        obj=plan,
        before=before,
        after=snapshot(plan, FIELDS),
    )
    return plan
