"""The 20 JP dashboards: set-based reads over the ledger, a fixed number of queries whatever
the number of employees or OPDs.

JP per employee and year come from `JpTotal` (one row per employee and year, kept with the
ledger); each OPD's counts are one GROUP BY over the active employees joined to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from pamong.core.models import Tenant
from pamong.org.models import Employee, EmployeeStatus, EmployeeType, Unit

from .models import Enrolment, JpTotal, TrainingBudget


@dataclass
class OpdRow:
    opd_id: int
    name: str
    employees: int = 0
    below: int = 0
    jp_total: int = 0
    over_pppk: int = 0
    spend: int = 0
    budget: int | None = None
    seated: int = 0
    completed: int = 0
    finished: int = 0  # seated places whose outcome is recorded (completed or not)

    @property
    def met(self) -> int:
        return self.employees - self.below

    @property
    def met_pct(self) -> int:
        return round(100 * self.met / self.employees) if self.employees else 0

    @property
    def completion_pct(self) -> int | None:
        return round(100 * self.completed / self.finished) if self.finished else None

    @property
    def spend_pct(self) -> int | None:
        return round(100 * self.spend / self.budget) if self.budget else None

    @property
    def avg_jp(self) -> int:
        return round(self.jp_total / self.employees) if self.employees else 0


@dataclass
class Dashboard:
    year: int
    pns_min: int
    pppk_max: int
    rows: list[OpdRow] = field(default_factory=list)
    tenant_budget: int | None = None

    def total(self, name: str) -> int:
        return sum(getattr(r, name) or 0 for r in self.rows)

    @property
    def met_pct(self) -> int:
        employees = self.total("employees")
        return round(100 * (employees - self.total("below")) / employees) if employees else 0

    @property
    def completion_pct(self) -> int | None:
        finished = self.total("finished")
        return round(100 * self.total("completed") / finished) if finished else None

    @property
    def budget(self) -> int | None:
        if self.tenant_budget is not None:
            return self.tenant_budget
        budgets = [r.budget for r in self.rows if r.budget is not None]
        return sum(budgets) if budgets else None


def jp_subquery(tenant_id: int, year: int) -> Coalesce:
    total = JpTotal.objects.filter(
        tenant_id=tenant_id, year=year, employee_id=OuterRef("pk")
    ).values("jp")[:1]
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def threshold_expr(pns_min: int, pppk_max: int) -> Case:
    return Case(
        When(employee_type=EmployeeType.PPPK, then=Value(pppk_max)),
        default=Value(pns_min),
        output_field=IntegerField(),
    )


def employees_with_jp(
    tenant: Tenant, year: int, pns_min: int, pppk_max: int, opd_ids: frozenset[int] | None
) -> QuerySet[Employee]:
    """Active employees annotated with `jp` (the year's total) and `target`."""
    qs = Employee.objects.filter(tenant=tenant, status=EmployeeStatus.AKTIF)
    if opd_ids is not None:
        qs = qs.filter(opd_id__in=opd_ids)
    return qs.annotate(jp=jp_subquery(tenant.pk, year), target=threshold_expr(pns_min, pppk_max))


def dashboard(
    tenant: Tenant, year: int, pns_min: int, pppk_max: int, opd_ids: frozenset[int] | None
) -> Dashboard:
    """Four queries: OPDs, employee counts per OPD, enrolments per OPD, budgets."""
    units = Unit.objects.filter(tenant=tenant, parent__isnull=True)
    if opd_ids is not None:
        units = units.filter(pk__in=opd_ids)
    rows = {pk: OpdRow(pk, name) for pk, name in units.order_by("path").values_list("pk", "name")}
    for opd_id, n, below, over, total in _per_opd_jp(tenant, year, pns_min, pppk_max, opd_ids):
        row = rows.get(opd_id)
        if row is not None:
            row.employees, row.below, row.over_pppk, row.jp_total = n, below, over, total or 0
    enrolments = Enrolment.objects.filter(
        tenant=tenant, programme__start__year=year, status__in=Enrolment.SEATED
    )
    if opd_ids is not None:
        enrolments = enrolments.filter(opd_id__in=opd_ids)
    per_opd_enrol = (
        enrolments.order_by()
        .values("opd_id")
        .annotate(
            seated=Count("id"),
            spend=Sum("programme__cost_per_participant"),
            completed=Count("id", filter=Q(status=Enrolment.Status.COMPLETED)),
            finished=Count("id", filter=~Q(status=Enrolment.Status.APPROVED)),
        )
    )
    for enrol in per_opd_enrol:
        row = rows.get(enrol["opd_id"])
        if row is not None:
            row.seated, row.spend = enrol["seated"], enrol["spend"] or 0
            row.completed, row.finished = enrol["completed"], enrol["finished"]
    board = Dashboard(year=year, pns_min=pns_min, pppk_max=pppk_max, rows=list(rows.values()))
    for opd_id, amount in TrainingBudget.objects.filter(tenant=tenant, year=year).values_list(
        "opd_id", "amount"
    ):
        if opd_id is None:
            board.tenant_budget = amount if opd_ids is None else None
        elif opd_id in rows:
            rows[opd_id].budget = amount
    return board


def _per_opd_jp(
    tenant: Tenant, year: int, pns_min: int, pppk_max: int, opd_ids: frozenset[int] | None
) -> list[tuple[int, int, int, int, int]]:
    """(opd, employees, below target, PPPK above their right, JP) per OPD in one pass: the
    active employees joined to their yearly totals (the ORM would repeat a correlated
    subquery for each aggregate). The join keeps the tenant predicate (Citus co-location)."""
    sql = f"""
        SELECT e.opd_id, COUNT(*),
            COUNT(*) FILTER (WHERE COALESCE(j.jp, 0) <
                CASE WHEN e.employee_type = %s THEN %s ELSE %s END),
            COUNT(*) FILTER (WHERE e.employee_type = %s AND COALESCE(j.jp, 0) > %s),
            SUM(COALESCE(j.jp, 0))
        FROM {Employee._meta.db_table} e
        LEFT JOIN {JpTotal._meta.db_table} j
            ON j.tenant_id = e.tenant_id AND j.employee_id = e.id AND j.year = %s
        WHERE e.tenant_id = %s AND e.status = %s {{opd_filter}}
        GROUP BY e.opd_id
    """  # noqa: S608 - table names come from the models, every value is a parameter
    params: list[Any] = [
        EmployeeType.PPPK, pppk_max, pns_min, EmployeeType.PPPK, pppk_max,
        year, tenant.pk, EmployeeStatus.AKTIF,
    ]  # fmt: skip
    opd_filter = ""
    if opd_ids is not None:
        ids = sorted(opd_ids) or [0]
        opd_filter = "AND e.opd_id IN (" + ", ".join(["%s"] * len(ids)) + ")"
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{opd_filter}", opd_filter), params)
        return [tuple(int(v or 0) for v in row) for row in cursor.fetchall()]  # type: ignore[misc]


def ledger_rows(tenant: Tenant, year: int, pns_min: int, pppk_max: int) -> QuerySet[Employee]:
    """Every active employee with the year's JP, for the ledger report (one query)."""
    return (
        employees_with_jp(tenant, year, pns_min, pppk_max, None)
        .select_related("opd", "unit")
        .order_by("opd__path", "nip")
    )
