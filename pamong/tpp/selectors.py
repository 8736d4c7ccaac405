"""Permission-checked reads of TPP runs and slips (404 other tenant, 403 no right)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from pamong.core.actor import Actor
from pamong.core.models import Tenant
from pamong.core.money import round_rupiah
from pamong.core.permissions import has_perm, perm_opds
from pamong.org.models import Unit
from pamong.tpp.engine import MONEY_COLUMNS
from pamong.tpp.models import TppBudget, TppRun, TppSettings, TppSlip, TppSlipLine


def runs_visible_to(actor: Actor) -> QuerySet[TppRun]:
    if actor.tenant is None or not has_perm(actor, "tpp.view_all"):
        return TppRun.objects.none()
    return TppRun.objects.filter(tenant=actor.tenant).select_related("policy")


def get_run_for_actor(actor: Actor, pk: int) -> TppRun:
    if actor.tenant is None:
        raise Http404
    run = TppRun.objects.filter(tenant=actor.tenant, pk=pk).select_related("policy").first()
    if run is None:
        raise Http404
    if not has_perm(actor, "tpp.view_all"):
        raise PermissionDenied
    return run


def slip_opds(actor: Actor) -> frozenset[int] | None:
    """The OPDs whose slips the actor sees with tpp.view_all: None for every OPD (an
    unlimited grant), else those of their OPD-limited finance, approver or auditor role."""
    return perm_opds(actor, "tpp.view_all")


def run_slips_for_actor(actor: Actor, run: TppRun) -> QuerySet[TppSlip]:
    """The run's slips the actor may list (the run itself comes from get_run_for_actor)."""
    qs = TppSlip.objects.filter(tenant=actor.tenant, run=run)
    opds = slip_opds(actor)
    return qs if opds is None else qs.filter(opd_id__in=opds)


STATUS_ORDER = [s.value for s in TppRun.Status]


def slip_visible_from(tenant: Tenant) -> str:
    """The run status from which employees see their own slip (tenant setting)."""
    chosen = TppSettings.objects.filter(tenant=tenant).values_list("slip_visible_from", flat=True)
    return chosen.first() or TppRun.Status.APPROVED


def statuses_visible_to_employees(tenant: Tenant) -> list[str]:
    return STATUS_ORDER[STATUS_ORDER.index(slip_visible_from(tenant)) :]


def own_slips(actor: Actor) -> QuerySet[TppSlip]:
    """The employee's own slips of runs at or past the tenant's chosen status."""
    if actor.tenant is None or actor.employee_id is None:
        return TppSlip.objects.none()
    return (
        TppSlip.objects.filter(
            tenant=actor.tenant,
            employee_id=actor.employee_id,
            run__status__in=statuses_visible_to_employees(actor.tenant),
        )
        .select_related("run")
        .order_by("-run__period", "-run_id")
    )


def _check_slip(actor: Actor, slip: TppSlip | None) -> TppSlip:
    if slip is None:
        raise Http404
    opds = slip_opds(actor)
    if has_perm(actor, "tpp.view_all") and (opds is None or slip.opd_id in opds):
        return slip
    assert actor.tenant is not None
    if slip.employee_id != actor.employee_id:
        raise PermissionDenied
    if slip.run.status not in statuses_visible_to_employees(actor.tenant):
        raise Http404  # not published to employees yet: as if it did not exist
    return slip


def _slips(actor: Actor) -> QuerySet[TppSlip]:
    return TppSlip.objects.filter(tenant=actor.tenant).select_related(
        "run", "run__policy", "employee__position", "employee__unit"
    )


def get_slip_for_actor(actor: Actor, pk: int) -> TppSlip:
    """The employee sees their own slip once the run reached the tenant's chosen status;
    tpp.view_all (finance, auditor, admin) any slip, drafts included."""
    if actor.tenant is None:
        raise Http404
    return _check_slip(actor, _slips(actor).filter(pk=pk).first())


def get_run_slip_for_actor(actor: Actor, run_id: int, employee_id: int) -> TppSlip:
    """A slip by run and employee: the address stays the same when a draft is recomputed."""
    if actor.tenant is None:
        raise Http404
    return _check_slip(actor, _slips(actor).filter(run_id=run_id, employee_id=employee_id).first())


def totals_per_opd(run: TppRun, opds: frozenset[int] | None = None) -> list[dict[str, Any]]:
    """Money sums per OPD with the budget (pagu) and year-to-date realisation (four queries);
    `opds` keeps only those OPDs (an OPD-limited viewer)."""
    sums = {c: Sum(c) for c in MONEY_COLUMNS}
    slips = TppSlip.objects.filter(tenant_id=run.tenant_id, run=run)
    if opds is not None:
        slips = slips.filter(opd_id__in=opds)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in slips.values("opd_id").annotate(employees=Count("id"), **sums).order_by()
    ]
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            tenant_id=run.tenant_id, pk__in=[r["opd_id"] for r in rows if r["opd_id"]]
        )
    }
    budgets = dict(
        TppBudget.objects.filter(
            tenant_id=run.tenant_id, year=run.period.year, opd_id__in=list(units)
        ).values_list("opd_id", "pagu")
    )
    # Year-to-date: approved/paid runs of the year up to this month, plus this run.
    earlier = dict(
        TppSlip.objects.filter(
            tenant_id=run.tenant_id,
            run__period__gte=run.period.replace(month=1),
            run__period__lte=run.period,
            run__status__in=[TppRun.Status.APPROVED, TppRun.Status.PAID],
        )
        .exclude(run=run)
        .values("opd_id")
        .annotate(total=Sum("bruto"))
        .order_by()
        .values_list("opd_id", "total")
    )
    for row in rows:
        row["unit"] = units.get(row["opd_id"])
        pagu = budgets.get(row["opd_id"])
        row["pagu"] = pagu
        row["pagu_bulanan"] = round_rupiah(Fraction(pagu, 12)) if pagu is not None else None
        row["realisasi"] = (earlier.get(row["opd_id"]) or 0) + (row["bruto"] or 0)
    return sorted(rows, key=lambda r: r["unit"].code if r["unit"] else "")


def settled_before(run: TppRun, employee_ids: list[int]) -> dict[int, dict[str, int]]:
    """For an adjustment run: per employee, the bruto and netto settled by the month's
    earlier non-draft runs (the run's own slips hold the differences)."""
    rows = (
        TppSlip.objects.filter(
            tenant_id=run.tenant_id,
            employee_id__in=employee_ids,
            run__period=run.period,
            run_id__lt=run.pk,
        )
        .exclude(run__status=TppRun.Status.DRAFT)
        .values("employee_id")
        .annotate(bruto=Sum("bruto"), netto=Sum("netto"))
        .order_by()
    )
    return {r["employee_id"]: {"bruto": r["bruto"], "netto": r["netto"]} for r in rows}


# Aggregates for the policy evaluation (evaluation app): per OPD over the approved or paid
# normal runs of some months, no permission check (the caller decides who sees which OPD).
SETTLED = (TppRun.Status.APPROVED, TppRun.Status.PAID)


def settled_runs(tenant_id: int, months: list[dt.date]) -> QuerySet[TppRun]:
    return TppRun.objects.filter(
        tenant_id=tenant_id, period__in=months, kind=TppRun.Kind.NORMAL, status__in=SETTLED
    )


def _unit_ids(tenant_id: int) -> dict[str, int]:
    """Unit code -> id: a slip keeps the code of the employee's unit when it was computed."""
    return dict(Unit.objects.filter(tenant_id=tenant_id).values_list("code", "pk"))


def _keyed(tenant_id: int, level: str, rows: dict[Any, Any]) -> dict[int, Any]:
    """Rows keyed by OPD id as they are, or by unit code mapped to the unit id (codes of
    units no longer in the tree are dropped: their slips still count for the OPD)."""
    if level != "unit":
        return {k: v for k, v in rows.items() if k is not None}
    ids = _unit_ids(tenant_id)
    return {ids[code]: v for code, v in rows.items() if code in ids}


def slips_per_opd(
    tenant_id: int, months: list[dt.date], *, level: str = "opd"
) -> dict[int, dict[str, Any]]:
    """Slip sums per OPD (per unit with level="unit"): slips, sum_bruto, sum_hukdis,
    sum_hari_kerja, sum_disiplin_persen (the discipline deduction percents), and the slips
    with each kind of deduction."""
    key = "unit_code" if level == "unit" else "opd_id"
    qs = (
        TppSlip.objects.filter(tenant_id=tenant_id, run__in=settled_runs(tenant_id, months))
        .values(key)
        .annotate(
            slips=Count("id"),
            sum_bruto=Sum("bruto"),
            sum_hukdis=Sum("potongan_hukdis"),
            hukdis_slips=Count("id", filter=Q(potongan_hukdis__gt=0)),
            sum_hari_kerja=Sum("hari_kerja"),
            sum_disiplin_persen=Sum("potongan_disiplin_persen"),
            disiplin_slips=Count("id", filter=Q(potongan_disiplin_persen__gt=0)),
        )
        .order_by()
    )
    rows = {row[key]: {k: v for k, v in row.items() if k != key} for row in qs}
    return _keyed(tenant_id, level, rows)


def kinerja_by_predikat_per_opd(
    tenant_id: int, months: list[dt.date], *, level: str = "opd"
) -> dict[int, dict[str, dict[str, int]]]:
    """Sum and count of the kinerja component per OPD (or unit) and predikat."""
    out: dict[Any, dict[str, dict[str, int]]] = {}
    qs = (
        TppSlip.objects.filter(tenant_id=tenant_id, run__in=settled_runs(tenant_id, months))
        .values_list("unit_code" if level == "unit" else "opd_id", "predikat")
        .annotate(n=Count("id"), sum_kinerja=Sum("kinerja"))
        .order_by()
    )
    for key, predikat, n, kinerja in qs:
        out.setdefault(key, {})[predikat] = {"n": n, "kinerja": kinerja or 0}
    return _keyed(tenant_id, level, out)


def day_lines_per_opd(
    tenant_id: int, months: list[dt.date], kinds: tuple[str, ...], *, level: str = "opd"
) -> dict[int, dict[str, int]]:
    """Explanation lines of the slips (late_in, early_out, absent ...) counted per OPD (or
    unit)."""
    out: dict[Any, dict[str, int]] = {}
    qs = (
        TppSlipLine.objects.filter(
            tenant_id=tenant_id,
            slip__run__in=settled_runs(tenant_id, months),
            kind__in=kinds,
        )
        .values_list("slip__unit_code" if level == "unit" else "slip__opd_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for key, kind, n in qs:
        out.setdefault(key, {})[kind] = n
    return _keyed(tenant_id, level, out)


def pagu_per_opd(tenant_id: int, year: int) -> dict[int, int]:
    return dict(
        TppBudget.objects.filter(tenant_id=tenant_id, year=year).values_list("opd_id", "pagu")
    )


def slip_rows(tenant_id: int, months: list[dt.date], opd_id: int | None) -> QuerySet[TppSlip]:
    qs = TppSlip.objects.filter(tenant_id=tenant_id, run__in=settled_runs(tenant_id, months))
    return qs.filter(opd_id=opd_id) if opd_id else qs
