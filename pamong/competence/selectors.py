"""Permission-checked reads: another tenant's id gives 404, same tenant without the right 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm, opds_in_view, sees_all

from .models import (
    CompetenceSettings,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Enrolment,
    ExternalCertificate,
    Institution,
    JpEntry,
    Programme,
)
from .rules import PNS_MIN_JP, PPPK_MAX_JP, Recognition, recognition_rules

MANAGE = "competence.manage"
VIEW_ALL = "competence.view_all"


def can_manage(actor: Actor) -> bool:
    return has_perm(actor, MANAGE)


def can_view_all(actor: Actor) -> bool:
    return sees_all(actor, VIEW_ALL) or has_perm(actor, MANAGE)


def can_see_dashboard(actor: Actor) -> bool:
    return actor.tenant is not None and (has_perm(actor, VIEW_ALL) or actor.is_opd_head)


def dashboard_opd_ids(actor: Actor) -> frozenset[int] | None:
    """None: every OPD of the tenant; else the OPDs this actor heads."""
    if can_view_all(actor):
        return None
    opds = opds_in_view(actor, VIEW_ALL)
    if opds:
        return opds
    raise PermissionDenied


def settings_of(tenant_id: int) -> tuple[int, int, dict[str, Recognition]]:
    row = CompetenceSettings.objects.filter(tenant_id=tenant_id).first()
    if row is None:
        return PNS_MIN_JP, PPPK_MAX_JP, recognition_rules(None)
    return row.pns_min_jp, row.pppk_max_jp, recognition_rules(row.recognition)


def programmes_open_to(actor: Actor) -> QuerySet[Programme]:
    """The catalogue an actor sees: everything for BKPSDM, else open programmes of all OPDs
    or of the actor's own OPD."""
    if actor.tenant is None:
        return Programme.objects.none()
    qs = Programme.objects.filter(tenant=actor.tenant).select_related("institution", "opd")
    if can_view_all(actor):
        return qs
    qs = qs.filter(status=Programme.Status.OPEN)
    opd_id = _own_opd(actor)
    return qs.filter(Q(opd__isnull=True) | Q(opd_id=opd_id) | Q(opd_id__in=actor.opd_ids))


def _own_opd(actor: Actor) -> int | None:
    from pamong.org.models import Employee

    if actor.employee_id is None:
        return None
    return Employee.objects.filter(pk=actor.employee_id).values_list("opd_id", flat=True).first()


def get_programme_for_actor(actor: Actor, pk: int, *, write: bool = False) -> Programme:
    if actor.tenant is None:
        raise Http404
    programme = (
        Programme.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("institution", "opd")
        .first()
    )
    if programme is None:
        raise Http404
    if write and not can_manage(actor):
        raise PermissionDenied
    if not programmes_open_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return programme


def get_institution_for_actor(actor: Actor, pk: int) -> Institution:
    if actor.tenant is None:
        raise Http404
    institution = Institution.objects.filter(tenant=actor.tenant, pk=pk).first()
    if institution is None:
        raise Http404
    if not can_view_all(actor):
        raise PermissionDenied
    return institution


def enrolments_visible_to(actor: Actor) -> QuerySet[Enrolment]:
    if actor.tenant is None:
        return Enrolment.objects.none()
    qs = Enrolment.objects.filter(tenant=actor.tenant)
    if can_view_all(actor):
        return qs
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(supervisor_id=actor.employee_id)
    if actor.opd_ids:
        q |= Q(opd_id__in=actor.opd_ids)
    return qs.filter(q)


def get_enrolment_for_actor(actor: Actor, pk: int) -> Enrolment:
    if actor.tenant is None:
        raise Http404
    enrolment = (
        Enrolment.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("programme", "employee", "employee__unit", "supervisor")
        .first()
    )
    if enrolment is None:
        raise Http404
    if not enrolments_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return enrolment


def can_consider(actor: Actor, enrolment: Enrolment) -> bool:
    return (
        enrolment.status == Enrolment.Status.SUBMITTED
        and actor.employee_id is not None
        and enrolment.supervisor_id == actor.employee_id
        and enrolment.employee_id != actor.employee_id
    )


def can_decide(actor: Actor, enrolment: Enrolment) -> bool:
    return (
        enrolment.status == Enrolment.Status.SUPERVISOR_APPROVED
        and can_manage(actor)
        and enrolment.employee_id != actor.employee_id
    )


def inbox(actor: Actor) -> tuple[QuerySet[Enrolment], QuerySet[Enrolment]]:
    """(to consider as supervisor, to decide as BKPSDM), oldest first."""
    base = Enrolment.objects.filter(tenant=actor.tenant).select_related(
        "programme", "employee", "employee__unit"
    )
    consider = (
        base.filter(status=Enrolment.Status.SUBMITTED, supervisor_id=actor.employee_id)
        if actor.employee_id is not None
        else base.none()
    )
    decide = (
        base.filter(status=Enrolment.Status.SUPERVISOR_APPROVED)
        if can_manage(actor)
        else base.none()
    )
    return consider.order_by("created_at", "id"), decide.order_by("created_at", "id")


def certificates_visible_to(actor: Actor) -> QuerySet[ExternalCertificate]:
    if actor.tenant is None:
        return ExternalCertificate.objects.none()
    qs = ExternalCertificate.objects.filter(tenant=actor.tenant)
    if can_view_all(actor):
        return qs
    if actor.employee_id is None:
        return qs.none()
    return qs.filter(employee_id=actor.employee_id)


def get_certificate_for_actor(actor: Actor, pk: int) -> ExternalCertificate:
    if actor.tenant is None:
        raise Http404
    cert = (
        ExternalCertificate.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee")
        .first()
    )
    if cert is None:
        raise Http404
    if not certificates_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return cert


# --- the policy evaluation's "realisasi IDP" indicator (pamong/evaluation) ------------------


def idp_progress(tenant_id: int, year: int, start: dt.date, end: dt.date) -> QuerySet[Any]:
    """The IDPs behind "realisasi IDP": agreed by the supervisor, for `year`, with JP planned,
    of employees on the books at some point of start..end (as the evaluation's employee
    count). Each row carries `planned_jp` (sum of its items) and `achieved_jp` (the year's
    JP ledger of the employee, activities completed by `end`). Subqueries, no loop."""
    planned = (
        DevelopmentPlanItem.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    achieved = (
        JpEntry.objects.filter(
            tenant_id=tenant_id,
            employee=OuterRef("employee_id"),
            year=year,
            completed_on__lte=end,
        )  # fmt: skip
        .order_by()
        .values("employee")
        .annotate(s=Sum("jp"))
        .values("s")
    )
    return (
        DevelopmentPlan.objects.filter(
            tenant_id=tenant_id, year=year, status=DevelopmentPlan.Status.AGREED
        )
        # A plan agreed after the period's end was not yet the plan then (older plans
        # without the date count).
        .exclude(agreed_at__date__gt=end)
        .exclude(employee__end_date__lt=start)
        .exclude(employee__tmt_unit__gt=end)
        .annotate(
            planned_jp=Coalesce(Subquery(planned, output_field=IntegerField()), 0),
            achieved_jp=Coalesce(Subquery(achieved, output_field=IntegerField()), 0),
        )
        .filter(planned_jp__gt=0)
    )


def idp_realisation_per_opd(
    tenant_id: int, year: int, start: dt.date, end: dt.date
) -> dict[int, dict[str, int]]:
    """Per OPD (the employee's current one): IDPs counted (`plans`) and those whose achieved
    JP reach the planned JP (`met`). One grouped query."""
    qs = (
        idp_progress(tenant_id, year, start, end)
        .values_list("employee__opd_id")
        .annotate(
            plans=Count("id"),
            met=Count("id", filter=Q(achieved_jp__gte=F("planned_jp"))),
        )
        .order_by()
    )
    return {opd: {"plans": n, "met": m} for opd, n, m in qs if opd is not None}


def idp_rows(
    tenant_id: int, year: int, start: dt.date, end: dt.date, opd_id: int | None
) -> QuerySet[Any]:
    """The IDPs behind the figure of one OPD (or the tenant), for tracing."""
    qs = idp_progress(tenant_id, year, start, end)
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs
