"""Permission-checked reads for SKP and evaluations: 404 outside the tenant, 403 without a right."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pamong.appraisal.models import (
    Evaluation,
    Indicator,
    Objection,
    PeerAssignment,
    Realisation,
    Rhk,
    Skp,
    SkpVersion,
)
from pamong.appraisal.services.evaluation import rates_for_kepala_daerah
from pamong.core.actor import Actor
from pamong.core.permissions import has_perm, opds_in_view
from pamong.kinerja_org.models import PerjanjianKinerjaItem
from pamong.org.models import Employee, EmployeeStatus
from pamong.org.selectors import sekda_of
from pamong.performance.periods import ANNUAL_RE, PERIOD_RE

VIEW_ALL = "performance.view_all"


def _may_see(actor: Actor, employee: Employee) -> bool:
    """Own record, direct subordinates, the OPD one heads, or a view-all role."""
    opds = opds_in_view(actor, VIEW_ALL)
    if opds is None:
        return True
    if actor.employee_id is not None and actor.employee_id in (
        employee.pk,
        employee.supervisor_id,
    ):
        return True
    return employee.opd_id in opds


def may_see_employee(actor: Actor, employee: Employee) -> bool:
    """The employee, their supervisor, the OPD's head or a view-all role (not a direct report
    reading their leader's SKP)."""
    return (
        actor.tenant is not None
        and employee.tenant_id == actor.tenant.pk
        and _may_see(actor, employee)
    )


def _may_see_evaluation(actor: Actor, evaluation: Evaluation) -> bool:
    # The penilai (maybe a Plt.) and their supervisor (finalizes, decides objections) read too.
    # A rating by the kepala daerah (no penilai) is read by BKPSDM, which records it.
    penilai = evaluation.penilai
    return _may_see(actor, evaluation.employee) or (
        actor.employee_id is not None
        and penilai is not None
        and actor.employee_id in (penilai.pk, penilai.supervisor_id)
    )


def _tenant_or_404(actor: Actor) -> None:
    if actor.tenant is None:
        raise Http404


def get_skp_for_actor(actor: Actor, pk: int) -> Skp:
    _tenant_or_404(actor)
    skp = (
        Skp.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__position", "employee__supervisor", "approver")
        .first()
    )
    if skp is None:
        raise Http404
    if not (_may_see(actor, skp.employee) or _is_direct_report(actor, skp.employee)):
        raise PermissionDenied
    return skp


def _is_direct_report(actor: Actor, leader: Employee) -> bool:
    """Subordinates read their leader's SKP: their own RHK intervene it (§1.3)."""
    return (
        actor.employee_id is not None
        and Employee.objects.filter(pk=actor.employee_id, supervisor_id=leader.pk).exists()
    )


def get_rhk_for_actor(actor: Actor, pk: int) -> Rhk:
    _tenant_or_404(actor)
    rhk = (
        Rhk.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("skp", "skp__employee", "skp__employee__supervisor")
        .first()
    )
    if rhk is None:
        raise Http404
    if not _may_see(actor, rhk.skp.employee):
        raise PermissionDenied
    return rhk


def get_indicator_for_actor(actor: Actor, pk: int) -> Indicator:
    _tenant_or_404(actor)
    indicator = (
        Indicator.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("rhk", "rhk__skp", "rhk__skp__employee")
        .first()
    )
    if indicator is None:
        raise Http404
    if not _may_see(actor, indicator.rhk.skp.employee):
        raise PermissionDenied
    return indicator


def get_realisation_for_actor(actor: Actor, pk: int) -> Realisation:
    """A realisation (and its evidence file) for those who may see the SKP's owner."""
    _tenant_or_404(actor)
    realisation = (
        Realisation.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("indicator__rhk__skp__employee")
        .first()
    )
    if realisation is None:
        raise Http404
    if not _may_see(actor, realisation.indicator.rhk.skp.employee):
        raise PermissionDenied
    return realisation


def get_evaluation_for_actor(actor: Actor, pk: int) -> Evaluation:
    _tenant_or_404(actor)
    evaluation = (
        Evaluation.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__position", "penilai", "recorded_by", "tenant")
        .first()
    )
    if evaluation is None:
        raise Http404
    if not _may_see_evaluation(actor, evaluation):
        raise PermissionDenied
    return evaluation


def get_objection_for_actor(actor: Actor, pk: int) -> Objection:
    _tenant_or_404(actor)
    objection = (
        Objection.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related(
            "evaluation",
            "evaluation__employee",
            "evaluation__penilai",
            "evaluation__recorded_by",
            "evaluation__tenant",
        )
        .first()
    )
    if objection is None:
        raise Http404
    if not _may_see_evaluation(actor, objection.evaluation):
        raise PermissionDenied
    return objection


def skp_with_rhks(skp: Skp) -> list[Rhk]:
    return list(
        skp.rhks.select_related("parent_rhk", "pk_item__indikator", "pk_item__perjanjian__unit")
        .prefetch_related("indicators__realisations", "feedback__author")
        .order_by("kind", "order", "id")
    )


def pk_item_choices(skp: Skp) -> list[PerjanjianKinerjaItem]:
    """Items of the PKs of the units the SKP owner heads, same year (the SKP editor's picker)."""
    return list(
        PerjanjianKinerjaItem.objects.filter(
            tenant_id=skp.tenant_id,
            perjanjian__year=skp.year,
            perjanjian__unit__head_id=skp.employee_id,
        )
        .select_related("indikator", "perjanjian__unit")
        .order_by("perjanjian__unit__path", "order", "id")
    )


def supervisor_rhks(skp: Skp) -> QuerySet[Rhk]:
    """The RHK of the employee's supervisor for the same year (choices for 'diintervensi')."""
    supervisor_id = skp.employee.supervisor_id
    if supervisor_id is None:
        return Rhk.objects.none()
    return Rhk.objects.filter(
        tenant=skp.tenant, skp__employee_id=supervisor_id, skp__year=skp.year
    ).order_by("kind", "order", "id")


def submitted_to(actor: Actor) -> QuerySet[Skp]:
    """SKPs waiting for the actor as direct supervisor; for BKPSDM also the Sekda's, whose
    decision it records for the kepala daerah."""
    if actor.tenant is None:
        return Skp.objects.none()
    mine = Q(employee__supervisor_id=actor.employee_id) if actor.employee_id else Q(pk__in=[])
    if has_perm(actor, "performance.manage"):
        sekda = sekda_of(actor.tenant)
        if sekda is not None and sekda.pk != actor.employee_id:
            mine |= Q(employee_id=sekda.pk, employee__supervisor__isnull=True)
    return (
        Skp.objects.filter(mine, tenant=actor.tenant, status=Skp.Status.SUBMITTED)
        .select_related("employee", "employee__position")
        .order_by("employee__name")
    )


def sekda_rated_by_kepala_daerah(actor: Actor, period: str) -> Employee | None:
    """The Sekda, for BKPSDM to record the kepala daerah's rating of the period (or None)."""
    if actor.tenant is None or not has_perm(actor, "performance.manage"):
        return None
    if not (PERIOD_RE.match(period) or ANNUAL_RE.match(period)):
        return None
    sekda = sekda_of(actor.tenant)
    if sekda is None or not rates_for_kepala_daerah(actor, sekda, period):
        return None
    return sekda


def subordinates_of(actor: Actor) -> QuerySet[Employee]:
    if actor.tenant is None or actor.employee_id is None:
        return Employee.objects.none()
    return (
        Employee.objects.filter(tenant=actor.tenant, supervisor_id=actor.employee_id)
        .select_related("position")
        .order_by("name")
    )


def evaluations_to_finalize(actor: Actor) -> QuerySet[Evaluation]:
    """Ratings given by those the actor supervises; for BKPSDM also the kepala daerah's
    (who has no superior in Pamong)."""
    if actor.tenant is None:
        return Evaluation.objects.none()
    rule = Q(penilai__supervisor_id=actor.employee_id) if actor.employee_id else Q(pk__in=[])
    if has_perm(actor, "performance.manage") and not actor.is_system:
        rule |= Q(penilai__isnull=True)
    return (
        Evaluation.objects.filter(
            rule,
            tenant=actor.tenant,
            status__in=[Evaluation.Status.RATED, Evaluation.Status.ACKNOWLEDGED],
        )
        .exclude(employee_id=actor.employee_id or 0)
        .select_related("employee", "penilai", "recorded_by")
        .order_by("period", "employee__name")
    )


def objections_to_decide(actor: Actor) -> QuerySet[Objection]:
    if actor.tenant is None or actor.employee_id is None:
        return Objection.objects.none()
    return (
        Objection.objects.filter(
            tenant=actor.tenant,
            status=Objection.Status.FILED,
            evaluation__penilai__supervisor_id=actor.employee_id,
        )
        .select_related("evaluation", "evaluation__employee")
        .order_by("created_at")
    )


@dataclass
class CascadeNode:
    rhk: Rhk
    supporting: list[Rhk] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.supporting)


def cascade_nodes(rhks: list[Rhk], *, tenant_id: int, year: int) -> list[CascadeNode]:
    """Each RHK with the subordinates' RHK of the same year that intervene it (1 query).

    The coverage tree of the cascade page, and of the unit heads' RHK in the performance
    tree (kinerja_org)."""
    nodes = [CascadeNode(rhk) for rhk in rhks]
    by_id = {node.rhk.pk: node for node in nodes}
    if not by_id:
        return nodes
    children = Rhk.objects.filter(
        tenant_id=tenant_id, parent_rhk_id__in=list(by_id), skp__year=year
    ).select_related("skp__employee")
    for child in children.order_by("skp__employee__name", "order", "id"):
        assert child.parent_rhk_id is not None
        by_id[child.parent_rhk_id].supporting.append(child)
    return nodes


def cascade_for(skp: Skp) -> list[CascadeNode]:
    """The supervisor's RHK with the subordinates' RHK that intervene each one (2 queries)."""
    rhks = list(skp.rhks.order_by("kind", "order", "id"))
    return cascade_nodes(rhks, tenant_id=skp.tenant_id, year=skp.year)


def get_employee_for_appraisal(actor: Actor, pk: int) -> Employee:
    """An employee whose appraisal the actor may read (self, supervisor, OPD head, view-all)."""
    _tenant_or_404(actor)
    employee = (
        Employee.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("position", "unit", "supervisor")
        .first()
    )
    if employee is None:
        raise Http404
    if not _may_see(actor, employee):
        raise PermissionDenied
    return employee


def get_peer_assignment_for_actor(actor: Actor, pk: int) -> PeerAssignment:
    """Only the asked peer opens the questionnaire."""
    _tenant_or_404(actor)
    assignment = (
        PeerAssignment.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__position")
        .first()
    )
    if assignment is None:
        raise Http404
    if actor.employee_id is None or assignment.peer_id != actor.employee_id:
        raise PermissionDenied
    return assignment


def peer_inbox(actor: Actor) -> QuerySet[PeerAssignment]:
    if actor.tenant is None or actor.employee_id is None:
        return PeerAssignment.objects.none()
    return (
        PeerAssignment.objects.filter(
            tenant=actor.tenant, peer_id=actor.employee_id, answered=False
        )
        .select_related("employee")
        .order_by("period", "employee__name")
    )


def peer_candidates(employee: Employee, actor: Actor) -> QuerySet[Employee]:
    """Active colleagues in the employee's OPD, the employee and the supervisor excluded."""
    return (
        Employee.objects.filter(
            tenant=employee.tenant, opd_id=employee.opd_id, status=EmployeeStatus.AKTIF
        )
        .exclude(pk__in=[employee.pk, actor.employee_id or 0])
        .select_related("position")
        .order_by("name")
    )


# Aggregates for the policy evaluation (evaluation app): per OPD, no permission check; the
# caller decides who sees which OPD. level="unit" groups by the employee's own unit instead.


def _by(level: str, employee: str = "employee__") -> str:
    return f"{employee}unit_id" if level == "unit" else f"{employee}opd_id"


def skp_submitted_per_opd(
    tenant_id: int, year: int, deadline: dt.datetime, *, level: str = "opd"
) -> dict[int, int]:
    """SKPs of `year` submitted (a submitted or approved version) by `deadline`, per OPD."""
    on_time = SkpVersion.objects.filter(
        skp=OuterRef("pk"),
        created_at__lte=deadline,
        status__in=[Skp.Status.SUBMITTED, Skp.Status.APPROVED],
    )
    qs = (
        Skp.objects.filter(tenant_id=tenant_id, year=year)
        .filter(Exists(on_time))
        .values_list(_by(level))
        .annotate(n=Count("id"))
        .order_by()
    )
    return {opd_id: n for opd_id, n in qs if opd_id is not None}


def evaluations_per_opd(
    tenant_id: int, period: str, deadline: dt.datetime, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Evaluations of `period` per OPD: all, and those given by `deadline` (on_time)."""
    qs = (
        Evaluation.objects.filter(tenant_id=tenant_id, period=period)
        .values_list(_by(level))
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(created_at__lte=deadline)))
        .order_by()
    )
    return {o: {"all": n, "on_time": t} for o, n, t in qs if o is not None}


def objections_per_opd(
    tenant_id: int, period: str, *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Objections against evaluations of `period` per OPD: filed, decided, upheld."""
    st = Objection.Status
    qs = (
        Objection.objects.filter(tenant_id=tenant_id, evaluation__period=period)
        .values_list(_by(level, "evaluation__employee__"))
        .annotate(
            filed=Count("id"),
            decided=Count("id", filter=Q(status__in=[st.UPHELD, st.REJECTED])),
            upheld=Count("id", filter=Q(status=st.UPHELD)),
        )
        .order_by()
    )
    return {o: {"filed": f, "decided": d, "upheld": u} for o, f, d, u in qs if o is not None}


def evaluation_rows(tenant_id: int, period: str, opd_id: int | None) -> QuerySet[Evaluation]:
    """The evaluations behind the figures above (for tracing a number to its rows)."""
    qs = Evaluation.objects.filter(tenant_id=tenant_id, period=period)
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs


def skp_rows(tenant_id: int, year: int, opd_id: int | None) -> QuerySet[Skp]:
    """The SKPs of `year` behind the "SKP submitted on time" figure (for tracing), each with
    the time of its first submitted (or approved) version."""
    from django.db.models import Min

    qs = Skp.objects.filter(tenant_id=tenant_id, year=year).annotate(
        first_submitted=Min(
            "versions__created_at",
            filter=Q(versions__status__in=[Skp.Status.SUBMITTED, Skp.Status.APPROVED]),
        )
    )
    return qs.filter(employee__opd_id=opd_id) if opd_id else qs
