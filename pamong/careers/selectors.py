"""Permission-checked reads of careers: the KP and KGB due lists (set-based: a fixed number of
queries whatever the number of employees), proposals and the employee's next dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pamong.careers import rules
from pamong.careers.models import (
    CareerSettings,
    KgbPostponement,
    KpProposal,
    Sanction,
)
from pamong.careers.paytables import GajiPokok, gaji_pokok
from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.permissions import has_perm, opds_in_view
from pamong.org.models import PNS_GOLONGAN, Employee, EmployeeStatus, EmployeeType
from pamong.performance.selectors import with_annual_predikat

VIEW = "careers.view_all"
MANAGE = "careers.manage"


def may_read(actor: Actor) -> bool:
    return actor.tenant is not None and (has_perm(actor, VIEW) or actor.is_opd_head)


def settings_for(tenant: Tenant) -> CareerSettings:
    found = CareerSettings.objects.filter(tenant=tenant).first()
    return found if found is not None else CareerSettings(tenant=tenant)


def employees_in_scope(actor: Actor) -> QuerySet[Employee]:
    """BKPSDM (and auditors) see the tenant; an OPD head the OPDs they head; others nobody."""
    if actor.tenant is None:
        raise PermissionDenied
    base = Employee.objects.filter(tenant=actor.tenant)
    opds = opds_in_view(actor, VIEW)
    if opds is None:
        return base
    if opds:
        return base.filter(opd_id__in=opds)
    raise PermissionDenied


@contextmanager
def fast_plan() -> Iterator[None]:
    """PostgreSQL's JIT compiles these wide subquery plans for seconds and saves nothing:
    switch it off for the one statement (SET LOCAL ends with the transaction)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def sanction_active_on(tenant: Tenant, day: dt.date) -> Exists:
    """A hukuman disiplin running on `day` (a sanction that ended the day before does not count)."""
    return Exists(
        Sanction.objects.filter(tenant=tenant, employee_id=OuterRef("pk"), starts__lte=day).filter(
            Q(ends__isnull=True) | Q(ends__gte=day)
        )
    )


# --- KP --------------------------------------------------------------------------------------


@dataclass(slots=True)
class KpRow:
    employee_id: int
    nip: str
    name: str
    opd: str
    position: str
    position_kind: str
    golongan: str
    education: str
    tmt_pangkat: dt.date | None
    predikat: list[str | None]
    sanctioned: bool
    proposal_id: int | None
    proposal_status: str | None
    documents_missing: int | None
    verdict: rules.KpVerdict = field(init=False)
    predikat_labels: list[str] = field(default_factory=list)


def kp_due(
    actor: Actor,
    period: dt.date,
    *,
    opd_id: int | None = None,
    employee_id: int | None = None,
) -> list[KpRow]:
    """Employees whose time for KP reguler has come by `period`, with why they may be blocked.

    Not listed: golongan IV/e, and employees at the golongan ceiling of their education.

    Three queries: the settings, the employees with their predikat and sanctions as
    subqueries, and the proposals of the period with their document counts.
    """
    assert actor.tenant is not None
    tenant = actor.tenant
    config = settings_for(tenant)
    years = rules.predikat_years(period)
    cutoff = rules.kp_years_cutoff(period, 4)
    qs = employees_in_scope(actor).filter(
        employee_type=EmployeeType.PNS,
        status=EmployeeStatus.AKTIF,
        tmt_pangkat__lte=cutoff,
    )
    # At or above the education ceiling an employee is not due at all (KP reguler stops there).
    within = Q(education="") | ~Q(education__in=list(config.education_ceiling))
    for edu, allowed in rules.below_ceiling(config.education_ceiling).items():
        within |= Q(education=edu, golongan__in=allowed)
    qs = qs.filter(within).exclude(golongan=PNS_GOLONGAN[-1])
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    if employee_id is not None:
        qs = qs.filter(pk=employee_id)
    values = (
        with_annual_predikat(qs, tenant, list(years))
        .annotate(sanctioned=sanction_active_on(tenant, period))
        .order_by("opd__code", "name", "nip")
        .values_list(
            "id",
            "nip",
            "name",
            "opd__name",
            "position__name",
            "position__kind",
            "golongan",
            "education",
            "tmt_pangkat",
            "p0",
            "p1",
            "sanctioned",
        )  # fmt: skip
    )
    with fast_plan():
        rows = list(values)
    proposals = {
        p["employee_id"]: p
        for p in KpProposal.objects.filter(
            tenant=tenant, period=period, employee_id__in=qs.values("pk")
        )
        .annotate(
            total=Count("documents"),
            ok=Count(
                "documents",
                filter=Q(documents__verified=True)
                & (~Q(documents__file="") | ~Q(documents__link="")),
            ),
        )
        .values("id", "employee_id", "status", "total", "ok")
    }
    out: list[KpRow] = []
    texts = rules.kp_texts()
    # The verdict depends on a handful of facts only: compute each combination once.
    verdicts: dict[tuple[Any, ...], rules.KpVerdict] = {}
    for eid, nip, name, opd, position, kind, gol, edu, tmt, p0, p1, sanctioned in rows:
        p = proposals.get(eid)
        missing = (p["total"] - p["ok"]) if p else None
        key = (gol, edu, p0, p1, sanctioned, missing)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = rules.kp_verdict(
                rules.KpFacts(gol, edu, tmt, (p0, p1), bool(sanctioned), missing),
                years=years,
                ceiling=config.education_ceiling,
                sanction_blocks=config.sanction_blocks_kp,
                texts=texts,
            )
        row = KpRow(
            eid, nip, name, opd or "", position, kind, gol, edu, tmt, [p0, p1],
            bool(sanctioned), p["id"] if p else None, p["status"] if p else None, missing,
        )  # fmt: skip
        row.verdict = verdict
        out.append(row)
    return out


def proposals_visible_to(actor: Actor) -> QuerySet[KpProposal]:
    employees = employees_in_scope(actor)
    return KpProposal.objects.filter(tenant=actor.tenant, employee__in=employees)


def get_proposal_for_actor(actor: Actor, pk: int) -> KpProposal:
    if actor.tenant is None:
        raise Http404
    proposal = (
        KpProposal.objects.filter(tenant=actor.tenant, pk=pk)
        .select_related("employee", "employee__position", "employee__opd")
        .first()
    )
    if proposal is None:
        raise Http404
    opds = opds_in_view(actor, VIEW)
    if opds is None or proposal.employee.opd_id in opds:
        return proposal
    raise PermissionDenied


def required_documents(config: CareerSettings, position_kind: str) -> list[dict[str, str]]:
    return [
        d for d in config.kp_documents if not d.get("kinds") or position_kind in d.get("kinds", [])
    ]


# --- KGB -------------------------------------------------------------------------------------


@dataclass(slots=True)
class KgbRow:
    employee_id: int
    nip: str
    name: str
    opd: str
    employee_type: str
    golongan: str
    tmt_kgb: dt.date
    mkg_years: int
    mkg_months: int
    due: dt.date  # original date (two years after tmt_kgb)
    effective: dt.date  # after a postponement
    predikat: str | None
    adequate: bool
    postponed_months: int
    postpone_reason: str
    new_mkg: int
    pay: GajiPokok
    predikat_label: str = ""


def kgb_due(actor: Actor, month: dt.date, *, opd_id: int | None = None) -> list[KgbRow]:
    """KGB falling in `month` (after postponements), with the predikat and the new gaji pokok.

    Three queries: settings, employees (with last year's predikat), postponements.
    """
    assert actor.tenant is not None
    tenant = actor.tenant
    config = settings_for(tenant)
    first, last = rules.month_bounds(month)
    step = 12 * rules.KGB_STEP_YEARS
    # Candidate TMTs: two years before the month (a few days of slack for 29 February), or
    # a postponement that lands in the month (a postponement is at most 12 months).
    low = rules.add_months(first, -step) - dt.timedelta(days=3)
    high = rules.add_months(last, -step) + dt.timedelta(days=3)
    postponed = KgbPostponement.objects.filter(
        tenant=tenant,
        due_date__gte=rules.add_months(first, -rules.KGB_MAX_POSTPONE_MONTHS),
        due_date__lte=last,
    ).values("employee_id")
    qs = employees_in_scope(actor).filter(
        Q(tmt_kgb__gte=low, tmt_kgb__lte=high) | Q(pk__in=postponed),
        status=EmployeeStatus.AKTIF,
        mkg_years__isnull=False,
        tmt_kgb__isnull=False,
    )
    if opd_id is not None:
        qs = qs.filter(opd_id=opd_id)
    year = first.year - 1
    with fast_plan():
        annotated: QuerySet[Any] = with_annual_predikat(qs, tenant, [year])
        rows = list(
            annotated.order_by("opd__code", "name", "nip").values(
                "id",
                "nip",
                "name",
                "opd__name",
                "employee_type",
                "golongan",
                "tmt_kgb",
                "mkg_years",
                "mkg_months",
                "p0",
            )  # fmt: skip
        )
    postponements = (
        {
            (p.employee_id, p.due_date): p
            for p in KgbPostponement.objects.filter(
                tenant=tenant, employee_id__in=qs.values("pk")
            ).only("employee_id", "due_date", "months", "reason")
        }
        if rows
        else {}
    )
    out: list[KgbRow] = []
    for r in rows:
        due = rules.next_kgb(r["tmt_kgb"])
        post = postponements.get((r["id"], due))
        effective = rules.add_months(due, post.months) if post else due
        if not first <= effective <= last:
            continue
        new_mkg = r["mkg_years"] + rules.KGB_STEP_YEARS
        out.append(
            KgbRow(
                employee_id=r["id"],
                nip=r["nip"],
                name=r["name"],
                opd=r["opd__name"] or "",
                employee_type=r["employee_type"],
                golongan=r["golongan"],
                tmt_kgb=r["tmt_kgb"],
                mkg_years=r["mkg_years"],
                mkg_months=r["mkg_months"],
                due=due,
                effective=effective,
                predikat=r["p0"],
                adequate=rules.predikat_adequate(r["p0"], config.kgb_predikat),
                postponed_months=post.months if post else 0,
                postpone_reason=post.reason if post else "",
                new_mkg=new_mkg,
                pay=gaji_pokok(r["employee_type"], r["golongan"], new_mkg, effective),
            )
        )
    return out


def kgb_row_for(actor: Actor, employee: Employee) -> KgbRow | None:
    """The employee's next KGB as a due-list row (for the letter)."""
    if employee.tmt_kgb is None or employee.mkg_years is None:
        return None
    due = rules.next_kgb(employee.tmt_kgb)
    post = KgbPostponement.objects.filter(
        tenant=actor.tenant, employee=employee, due_date=due
    ).first()
    month = rules.add_months(due, post.months) if post else due
    for row in kgb_due(actor, month, opd_id=employee.opd_id):
        if row.employee_id == employee.pk:
            return row
    return None


# --- the employee's profile ------------------------------------------------------------------


@dataclass(frozen=True)
class NextDates:
    kp: dt.date | None
    kgb: dt.date | None
    kgb_postponed: bool


def next_dates(employee: Employee, today: dt.date) -> NextDates:
    """Next KP period (time condition only) and next KGB (after any postponement)."""
    kp = None
    if (
        employee.employee_type == EmployeeType.PNS
        and employee.tmt_pangkat is not None
        and rules.next_golongan(employee.golongan) is not None
    ):
        kp = rules.next_kp_period(max(rules.add_years(employee.tmt_pangkat, 4), today))
    kgb = None
    postponed = False
    if employee.tmt_kgb is not None:
        kgb = rules.next_kgb(employee.tmt_kgb)
        post = KgbPostponement.objects.filter(
            tenant_id=employee.tenant_id, employee=employee, due_date=kgb
        ).first()
        if post is not None:
            kgb = rules.add_months(kgb, post.months)
            postponed = True
    return NextDates(kp=kp, kgb=kgb, kgb_postponed=postponed)
