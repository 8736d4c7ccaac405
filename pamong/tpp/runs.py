"""TPP runs: pre-flight, set-based compute and write, and the lifecycle (tpp.md §7a).

A run reads everything in a handful of bulk queries, classifies the month once through
`attendance.classify.classify_month`, prices it with the pure engine, and writes slips
and their explanation lines in bulk (pamong.tpp.writer).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.attendance.calendar import CalendarView, calendar_for
from pamong.attendance.classify import classify_month, month_bounds
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.clock import now as clock_now
from pamong.core.clock import today as clock_today
from pamong.core.errors import InputError, InputErrors
from pamong.core.gcpause import gc_paused
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.org.models import Employee
from pamong.performance.models import Rating
from pamong.tpp.engine import (
    MONEY_COLUMNS,
    EmployeeFacts,
    SanctionFacts,
    SlipResult,
    compute_all,
)
from pamong.tpp.income import income_for_month
from pamong.tpp.inputs import fingerprint
from pamong.tpp.models import Sanction, TppPolicy, TppRun, TppSlip, TppSlipLine
from pamong.tpp.policy import Policy
from pamong.tpp.services import policy_in_force, policy_of
from pamong.tpp.writer import Pair, write_slips

WARNING_SAMPLE = 20


@dataclass
class Computation:
    period: dt.date
    policy_row: TppPolicy | None  # None in a what-if simulation with an unsaved policy
    policy: Policy
    hari_kerja: int
    calendar: dict[str, Any]
    results: list[SlipResult]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _problem(message: str, source: str = "tpp") -> InputError:
    return InputError(message=message, source=source)


# In the order of EmployeeFacts' fields.
FIELDS = (
    "id", "nip", "name", "unit__code", "employee_type", "golongan", "position__kelas",
    "position__name", "status", "opd_id", "bank_name", "bank_account",
)  # fmt: skip


def _employees(tenant: Tenant, first: dt.date, last: dt.date) -> list[EmployeeFacts]:
    """Employees in the tenant during the month (tmt_unit ≤ last, end_date ≥ first)."""
    qs = (
        Employee.objects.filter(tenant=tenant)
        .exclude(tmt_unit__gt=last)
        .exclude(end_date__lt=first)
        .values_list(*FIELDS)
    )
    return [
        EmployeeFacts(i, nip, name, unit, kind, gol, kls, job, status, opd, bank or "", acct or "")
        for i, nip, name, unit, kind, gol, kls, job, status, opd, bank, acct in qs
    ]  # fmt: skip


def _preflight(
    tenant: Tenant, period: dt.date, rows: list[EmployeeFacts], alternative: Policy | None
) -> tuple[TppPolicy | None, Policy, CalendarView]:
    """Every reason the run cannot start, listed together (InputErrors)."""
    problems: list[InputError] = []
    policy_row = policy_in_force(tenant, period) if alternative is None else None
    policy: Policy | None = alternative
    if policy is None and policy_row is None:
        problems.append(
            _problem(
                _("tidak ada kebijakan TPP yang berlaku pada %(d)s (pamong tpp policy load FILE)")
                % {"d": period.isoformat()},
                "tpp-policy.yaml",
            )
        )
    elif policy_row is not None:
        policy = policy_of(policy_row)
    calendar: CalendarView | None = None
    try:
        calendar = calendar_for(tenant)
    except InputErrors as exc:
        problems.extend(exc.errors)
    if policy is not None:
        missing: dict[int, list[str]] = defaultdict(list)
        for row in rows:
            if row.status in policy.not_paid_status:
                continue
            if policy.base_for(jabatan=row.jabatan, kelas=row.kelas) is None:
                missing[row.kelas].append(row.nip)
        for kelas, nips in sorted(missing.items()):
            problems.append(
                _problem(
                    _(
                        "base_by_class.%(k)s: kelas jabatan %(k)s tidak ada di kebijakan "
                        "(%(n)s pegawai, mis. NIP %(nips)s)"
                    )
                    % {"k": kelas, "n": len(nips), "nips": ", ".join(nips[:5])},
                    "tpp-policy.yaml",
                )
            )
    if problems:
        raise InputErrors(problems)
    assert policy is not None and calendar is not None
    return policy_row, policy, calendar


def compute_period(
    tenant: Tenant,
    period: dt.date,
    progress: Callable[[int, int], None] | None = None,
    alternative: Policy | None = None,
) -> Computation:
    """Read, classify and compute a month without writing anything.

    `alternative`: compute with this (unsaved) policy instead of the one in force.
    """
    # Millions of long-lived objects (DayFacts, slips, lines): no cyclic GC meanwhile.
    with gc_paused():
        return _compute_period(tenant, period, progress, alternative)


def _compute_period(
    tenant: Tenant,
    period: dt.date,
    progress: Callable[[int, int], None] | None,
    alternative: Policy | None,
) -> Computation:
    clock = time.perf_counter()
    timings: dict[str, float] = {}
    first, last = month_bounds(period.year, period.month)
    rows = _employees(tenant, first, last)
    policy_row, policy, calendar = _preflight(tenant, first, rows, alternative)
    label = first.strftime("%Y-%m")
    predikat = dict(
        Rating.objects.filter(tenant=tenant, period=label).values_list("employee_id", "predikat")
    )
    sanctions: dict[int, list[SanctionFacts]] = defaultdict(list)
    month = _month_index(first)
    for employee_id, jenis, percent, start, months in Sanction.objects.filter(
        tenant=tenant, start__lte=first
    ).values_list("employee_id", "jenis", "percent", "start", "months"):
        if _month_index(start) <= month <= _month_index(start) + months - 1:
            sanctions[employee_id].append(SanctionFacts(jenis, Decimal(percent)))
    income = income_for_month(tenant, first)
    timings["reading"] = time.perf_counter() - clock
    clock = time.perf_counter()
    classification = classify_month(
        tenant=tenant,
        year=first.year,
        month=first.month,
        unpaid_leave_types=policy.unpaid_leave_types,
        calendar=calendar,
        progress=progress,
        with_punches=False,
        only_exceptions=True,  # on-time full days cost nothing and have no line
    )
    timings["classifying"] = time.perf_counter() - clock
    clock = time.perf_counter()
    hari_kerja = len(classification.working_days)
    results = compute_all(
        policy=policy,
        hari_kerja=hari_kerja,
        employees=rows,
        months=classification.employees,
        predikat=predikat,
        sanctions=sanctions,
        tz=ZoneInfo(tenant.timezone),
        working_days=classification.working_days,
        income=income,
    )
    computation = Computation(
        period=first,
        policy_row=policy_row,
        policy=policy,
        hari_kerja=hari_kerja,
        calendar={
            "rules": calendar.data,
            "working_days": [d.isoformat() for d in classification.working_days],
        },
        results=results,
        timings=timings,
    )
    computation.warnings = _warnings(computation)
    timings["computing"] = time.perf_counter() - clock
    return computation


def _warnings(c: Computation) -> list[dict[str, Any]]:
    no_rating = [r.employee.nip for r in c.results if r.hari_dibayar and r.predikat == "missing"]
    no_bank = [r.employee.nip for r in c.results if r.netto > 0 and not r.employee.bank_account]
    out = []
    if any(r.penghasilan_tetap is not None for r in c.results):
        # Some have the payroll's figure: the others' BPJS takes the whole cap (tpp.md §5).
        no_income = [
            r.employee.nip for r in c.results if r.hari_dibayar and r.penghasilan_tetap is None
        ]
        if no_income:
            out.append(
                {
                    "code": "no_income",
                    "message": _(
                        "%(n)s pegawai tanpa penghasilan tetap bulan ini (pamong import "
                        "penghasilan): iuran BPJS dihitung seolah gajinya 0"
                    )
                    % {"n": len(no_income)},
                    "nips": no_income[:WARNING_SAMPLE],
                }
            )
    if no_rating:
        out.append(
            {
                "code": "no_rating",
                "message": _("%(n)s pegawai tanpa penilaian kinerja bulanan (belum dinilai)")
                % {"n": len(no_rating)},
                "nips": no_rating[:WARNING_SAMPLE],
            }
        )
    if no_bank:
        out.append(
            {
                "code": "no_bank_account",
                "message": _("%(n)s pegawai tanpa nomor rekening bank") % {"n": len(no_bank)},
                "nips": no_bank[:WARNING_SAMPLE],
            }
        )
    return out


def _previous_amounts(
    run: TppRun | None, tenant: Tenant, period: dt.date
) -> dict[int, dict[str, int]]:
    """Per employee, the sums of the period's non-draft runs (what was already settled)."""
    qs = TppSlip.objects.filter(tenant=tenant, run__period=period).exclude(
        run__status=TppRun.Status.DRAFT
    )
    if run is not None:
        qs = qs.exclude(run=run)
    sums = {c: Sum(c) for c in MONEY_COLUMNS}
    rows = qs.values_list("employee_id").annotate(**sums).values_list("employee_id", *sums)
    return {row[0]: dict(zip(MONEY_COLUMNS, row[1:], strict=True)) for row in rows}


def tpp_run_compute(
    *,
    actor: Actor,
    period: dt.date,
    adjustment: bool = False,
    partial: bool = False,
    progress: Callable[[int, int], None] | None = None,
    timings: dict[str, float] | None = None,
    fence: Callable[[TppRun], None] | None = None,
) -> TppRun:
    """Compute a month. A draft is replaced; an approved/paid month needs `adjustment`.

    The month is read and computed outside the transaction (so a job's progress stays
    visible); the run is then checked again under a lock and written atomically. A month
    that is not over is computed only with `partial`, as a provisional draft. `fence` runs
    inside the writing transaction (a background job checks it is still its own).
    """
    require(actor, "tpp.run")
    tenant = actor.tenant
    assert tenant is not None
    period = period.replace(day=1)
    _target_run(tenant, period, _normal_run(tenant, period, lock=False), adjustment, lock=False)
    provisional = _month_not_over(tenant, period, partial)
    # When the inputs are read: a draft is never replaced by an older reading.
    read_at = clock_now()
    seen = fingerprint(tenant, period)
    c = compute_period(tenant, period, progress)
    clock_ = time.perf_counter()
    with gc_paused():
        run = _store(
            actor, c, adjustment, Reading(read_at, seen, provisional), fence or (lambda run: None)
        )
    # The rest of _store: the locks and the commit (deferred foreign-key checks).
    c.timings["committing"] = (
        time.perf_counter() - clock_ - c.timings["deleting"] - c.timings["writing"]
    )
    if timings is not None:
        timings.update(c.timings)
    return run


@dataclass(frozen=True)
class Reading:
    at: dt.datetime
    inputs: dict[str, Any]
    provisional: bool


def _month_not_over(tenant: Tenant, period: dt.date, partial: bool) -> bool:
    """True for a provisional run of a month not over yet; refused without `partial`."""
    _first, last = month_bounds(period.year, period.month)
    if clock_today(tenant) > last:
        return False
    if partial:
        return True
    raise InputErrors(
        [
            _problem(
                _(
                    "bulan %(p)s belum berakhir (sampai %(last)s); TPP hanya dapat dihitung "
                    "sebagai perhitungan sementara (--partial)"
                )
                % {"p": period.strftime("%Y-%m"), "last": last.isoformat()}
            )
        ]
    )


def _normal_run(tenant: Tenant, period: dt.date, *, lock: bool) -> TppRun | None:
    qs = TppRun.objects.filter(tenant=tenant, period=period, kind=TppRun.Kind.NORMAL)
    return (qs.select_for_update() if lock else qs).first()


def _lock_month(tenant: Tenant, period: dt.date) -> None:
    """Serialise every write of a tenant's month on a lock that exists before any run row
    does (two first runs of a month at once). SQLite: BEGIN IMMEDIATE already did."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        key = f"pamong.tpp.run:{tenant.pk}:{period:%Y-%m}"
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _refuse_stale(run: TppRun | None, reading: Reading) -> None:
    if run is None or run.computed_at is None or run.computed_at <= reading.at:
        return
    raise InputErrors(
        [
            _problem(
                _(
                    "perhitungan TPP %(p)s yang lebih baru (data dibaca %(t)s) sudah tersimpan; "
                    "hasil ini membaca data yang lebih lama dan tidak disimpan"
                )
                % {
                    "p": run.period.strftime("%Y-%m"),
                    "t": timezone.localtime(run.computed_at).strftime("%Y-%m-%d %H:%M:%S"),
                }
            )
        ]
    )


@transaction.atomic
def _store(
    actor: Actor,
    c: Computation,
    adjustment: bool,
    reading: Reading,
    fence: Callable[[TppRun], None],
) -> TppRun:
    tenant, period = actor.tenant, c.period
    assert tenant is not None and c.policy_row is not None
    _lock_month(tenant, period)
    run = _target_run(tenant, period, _normal_run(tenant, period, lock=True), adjustment)
    _refuse_stale(run, reading)
    clock_ = time.perf_counter()
    replaced = run is not None
    if run is None:
        run = TppRun(tenant=tenant, period=period, kind=TppRun.Kind.NORMAL)
        if adjustment:
            run.kind = TppRun.Kind.ADJUSTMENT
    else:
        # Lines first, then slips with a plain DELETE: the cascade collector would fetch
        # every slip id of a 100,000-employee run into memory first.
        _analyze_if_stale(run.employee_count)
        TppSlipLine.objects.filter(tenant=tenant, slip__run=run).delete()
        slips = TppSlip.objects.filter(tenant=tenant, run=run)
        slips._raw_delete(slips.db)
    c.timings["deleting"] = time.perf_counter() - clock_
    clock_ = time.perf_counter()
    amounts = attrgetter(*MONEY_COLUMNS)
    pairs: list[Pair]
    if adjustment:
        previous = _previous_amounts(run if replaced else None, tenant, period)
        pairs = []
        for r in c.results:
            before = previous.get(r.employee.employee_id, {})
            money = tuple(
                v - (before.get(k) or 0) for k, v in zip(MONEY_COLUMNS, amounts(r), strict=True)
            )
            if any(money):
                pairs.append((r, money))
    else:
        pairs = [(r, amounts(r)) for r in c.results]
    run.status = TppRun.Status.DRAFT
    run.policy = c.policy_row
    run.calendar = c.calendar
    run.hari_kerja = c.hari_kerja
    run.employee_count = len(pairs)
    sums = [sum(column) for column in zip(*(money for _r, money in pairs), strict=True)]
    run.totals = dict(zip(MONEY_COLUMNS, sums or [0] * len(MONEY_COLUMNS), strict=True))
    run.warnings = c.warnings
    run.created_by = actor.user
    run.computed_at = reading.at
    run.inputs = reading.inputs
    run.provisional = reading.provisional
    run.revision += 1
    run.save()
    write_slips(run, pairs)
    audit(
        actor=actor,
        action="tpp.run.computed",
        obj=run,
        data={
            "period": period.strftime("%Y-%m"),
            "kind": run.kind,
            "replaced_draft": replaced,
            "policy": c.policy_row.pk,
            "employees": len(pairs),
            "totals": run.totals,
            "revision": run.revision,
            "provisional": run.provisional,
        },
    )
    fence(run)
    c.timings["writing"] = time.perf_counter() - clock_
    return run


def _analyze_if_stale(slips: int) -> None:
    """Right after a tenant's first big run the planner still thinks the slip tables are
    (nearly) empty, as at their last ANALYZE, and deletes the replaced draft with a nested
    loop comparing every line with every slip: 12 s for 10,000 employees instead of 0.1 s.
    ANALYZE them first when they hold fewer rows than the draft, as far as it knows."""
    if connection.vendor != "postgresql" or not slips:
        return
    slip_table, line_table = TppSlip._meta.db_table, TppSlipLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [slip_table])
        row = cursor.fetchone()
        if row is None or row[0] < slips:
            cursor.execute(f"ANALYZE {slip_table}, {line_table}")


def _target_run(
    tenant: Tenant, period: dt.date, normal: TppRun | None, adjustment: bool, lock: bool = True
) -> TppRun | None:
    """The draft to replace, or None to create a new run; InputErrors when not allowed."""
    label = period.strftime("%Y-%m")
    if not adjustment:
        if normal is None or normal.status == TppRun.Status.DRAFT:
            return normal
        raise InputErrors(
            [
                _problem(
                    _(
                        "perhitungan TPP %(p)s sudah berstatus %(s)s dan tidak dihitung ulang; "
                        "buat perhitungan penyesuaian (--adjustment)"
                    )
                    % {"p": label, "s": normal.get_status_display()}
                )
            ]
        )
    if normal is None or not normal.is_locked:
        raise InputErrors(
            [
                _problem(
                    _(
                        "penyesuaian hanya untuk bulan yang sudah disetujui; "
                        "hitung ulang perhitungan %(p)s biasa"
                    )
                    % {"p": label}
                )
            ]
        )
    drafts = TppRun.objects.filter(
        tenant=tenant, period=period, kind=TppRun.Kind.ADJUSTMENT, status=TppRun.Status.DRAFT
    )
    # The pre-check runs outside a transaction, where PostgreSQL refuses FOR UPDATE.
    return (drafts.select_for_update() if lock else drafts).first()


# The lifecycle lives in its own module; these names stay importable from here.
from pamong.tpp.lifecycle import (  # noqa: E402
    can_return,
    tpp_run_approve,
    tpp_run_mark_paid,
    tpp_run_return,
    tpp_run_verify,
)

__all__ = [
    "Computation",
    "can_return",
    "compute_period",
    "tpp_run_approve",
    "tpp_run_compute",
    "tpp_run_mark_paid",
    "tpp_run_return",
    "tpp_run_verify",
]
