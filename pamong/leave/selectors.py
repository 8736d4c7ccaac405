"""Permission-checked reads of leave requests: other tenant 404, same tenant no right 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import Employee

from .models import Approver, LeaveRequest, LeaveRule


def _decide_q(actor: Actor) -> Q:
    """Requests whose final decision is this actor's (status aside)."""
    q = Q(pk__in=[])
    if actor.opd_ids:
        q |= Q(approver=Approver.OPD_HEAD, approver_opd_id__in=actor.opd_ids)
    if has_perm(actor, "leave.decide_all"):
        q |= Q(approver=Approver.BKPSDM)
    if actor.employee_id is not None:
        q &= ~Q(employee_id=actor.employee_id)  # nobody decides their own leave
    return q


def requests_visible_to(actor: Actor) -> QuerySet[LeaveRequest]:
    if actor.tenant is None:
        return LeaveRequest.objects.none()
    qs = LeaveRequest.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "leave.view_all")
    if opds is None:
        return qs
    q = _decide_q(actor)
    if actor.employee_id is not None:
        q |= Q(employee_id=actor.employee_id) | Q(supervisor_id=actor.employee_id)
    if opds:
        q |= Q(employee__opd_id__in=opds)
    return qs.filter(q)


def get_request_for_actor(actor: Actor, pk: int) -> LeaveRequest:
    if actor.tenant is None:
        raise Http404
    request = (
        LeaveRequest.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__unit", "employee__position", "supervisor")
        .first()
    )
    if request is None:
        raise Http404
    if not requests_visible_to(actor).filter(pk=pk).exists():
        raise PermissionDenied
    return request


def can_consider(actor: Actor, request: LeaveRequest) -> bool:
    return (
        request.status == LeaveRequest.Status.SUBMITTED
        and actor.employee_id is not None
        and request.supervisor_id == actor.employee_id
    )


def is_official_for(actor: Actor, request: LeaveRequest) -> bool:
    if actor.tenant is None or request.tenant_id != actor.tenant.pk:
        return False
    if request.employee_id == actor.employee_id:
        return False
    if request.approver == Approver.BKPSDM:
        return has_perm(actor, "leave.decide_all")
    return request.approver_opd_id in actor.opd_ids


def can_decide(actor: Actor, request: LeaveRequest) -> bool:
    return request.status == LeaveRequest.Status.CONSIDERED and is_official_for(actor, request)


def inbox(actor: Actor) -> tuple[QuerySet[LeaveRequest], QuerySet[LeaveRequest]]:
    """(to consider as supervisor, to decide as official), oldest first."""
    if actor.tenant is None:
        none = LeaveRequest.objects.none()
        return none, none
    base = LeaveRequest.objects.filter(tenant=actor.tenant).select_related(
        "employee", "employee__unit"
    )
    consider = (
        base.filter(status=LeaveRequest.Status.SUBMITTED, supervisor_id=actor.employee_id)
        if actor.employee_id is not None
        else base.none()
    )
    decide = base.filter(_decide_q(actor), status=LeaveRequest.Status.CONSIDERED)
    return consider.order_by("start", "id"), decide.order_by("start", "id")


def can_use_inbox(actor: Actor) -> bool:
    return actor.tenant is not None and (
        actor.is_supervisor or actor.is_opd_head or has_perm(actor, "leave.decide_all")
    )


def team_employees(actor: Actor) -> QuerySet[Employee]:
    """Whose leave the team calendar shows: subordinates, the OPD, or everyone."""
    if actor.tenant is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, "leave.view_all")
    if opds is None:
        return qs
    q = Q(pk__in=[])
    if actor.employee_id is not None:
        q |= Q(supervisor_id=actor.employee_id) | Q(pk=actor.employee_id)
    if opds:
        q |= Q(opd_id__in=opds)
    return qs.filter(q)


def can_use_team(actor: Actor) -> bool:
    return actor.tenant is not None and (
        actor.is_supervisor or actor.is_opd_head or has_perm(actor, "leave.view_all")
    )


def get_rule_for_actor(actor: Actor, pk: int) -> LeaveRule:
    """A leave rule row: 403 without leave.manage, 404 outside the actor's tenant."""
    if actor.tenant is None or not has_perm(actor, "leave.manage"):
        raise PermissionDenied
    rule = LeaveRule.objects.filter(tenant=actor.tenant, pk=pk).select_related("unit").first()
    if rule is None:
        raise Http404
    return rule
