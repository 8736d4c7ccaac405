"""Write a demo tenant: org tree, employees, logins, then the other modules' demo hooks.

Set-based: units, positions, employees and users are written with bulk_create inside one
transaction per tenant, with supervisors computed in memory; `resolve_supervisors` then
checks the result and sets the unit heads. One audit entry per tenant.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from pamong.core.actor import cli_actor
from pamong.core.audit import audit
from pamong.core.models import AuditLog, Tenant
from pamong.core.services import tenant_create, tenant_update
from pamong.demo.bulk import BATCH, insert_rows, insert_values
from pamong.demo.data import TenantPreset
from pamong.demo.jobs import Job
from pamong.demo.logins import (
    DEMO_PASSWORD,
    Login,
    ensure_users,
    existing_logins,
    login_rows,
    logins_for_all,
)
from pamong.demo.orgtree import UnitNode, allocate_staff, build_tree
from pamong.demo.people import NipAllocator, Person, PersonFactory
from pamong.demo.reset import delete_tenant_data
from pamong.org.models import (
    Employee,
    EmployeeHistory,
    HistoryKind,
    Position,
    Unit,
)
from pamong.org.services import rebuild_unit_tree, resolve_supervisors

DEMO_ACTION = "demo.tenant.generated"
# Optional per-module hooks, called in this order: attendance (the calendar leave counts
# with), the performance tree before the SKPs that hang from it, and the
# appraisal/performance ratings before TPP, which reads them.
HOOK_MODULES = (
    "pamong.attendance.demo",
    "pamong.leave.demo",
    "pamong.kinerja_org.demo",
    "pamong.appraisal.demo",
    "pamong.performance.demo",
    "pamong.tpp.demo",
    "pamong.participation.demo",
)


@dataclass
class TenantResult:
    tenant: Tenant
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    hooks: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class NotADemoTenant(Exception):
    pass


def is_demo_tenant(tenant: Tenant) -> bool:
    return AuditLog.objects.filter(tenant=tenant, action=DEMO_ACTION).exists()


def last_months(today: dt.date, count: int) -> list[str]:
    """The `count` complete months before `today`, oldest first, as 'YYYY-MM'."""
    index = today.year * 12 + today.month - 1
    return [f"{(i) // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count, index)]


class TenantBuilder:
    """Builds one tenant's data in memory and writes it set-based."""

    def __init__(
        self, tenant: Tenant, preset: TenantPreset, seed: str, today: dt.date, taken: set[str]
    ) -> None:
        self.tenant, self.preset, self.today = tenant, preset, today
        self.rng = random.Random(f"{seed}:{preset.slug}")
        self.people = PersonFactory(
            self.rng, preset.region, today, NipAllocator(taken), f"{preset.slug}.pamong.test"
        )
        self.unit_ids: dict[UnitNode, int] = {}
        self.positions: dict[tuple[str, str, int], int] = {}
        self.head_ids: dict[UnitNode, int] = {}
        self.anchor_ids: dict[UnitNode, int] = {}
        self.employees: list[Employee] = []
        self.timings: dict[str, float] = {}
        self.on_step: Callable[[str], None] = lambda step: None

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        self.on_step(name)
        started = time.monotonic()
        yield
        self.timings[name] = round(time.monotonic() - started, 2)

    def build(self) -> dict[str, Any]:
        with self._phase("units"):
            nodes = build_tree(self.preset, self.preset.employees)
            self._write_units(nodes)
        anchors = [(n, n.head, True) for n in nodes if n.head] + [
            (n, n.anchor, False) for n in nodes if n.anchor
        ]
        with self._phase("employees"):
            staff = allocate_staff(nodes, max(0, self.preset.employees - len(anchors)), self.rng)
            self._write_positions([job for _n, job, _h in anchors] + [job for _n, job in staff])
            self._write_anchors(anchors)
            staff_rows = self._write_staff(staff)
        with self._phase("supervisors"):
            # Unit heads are known here; resolve_supervisors then only verifies them.
            heads = [Unit(pk=self.unit_ids[n], head_id=pk) for n, pk in self.head_ids.items()]
            Unit.objects.bulk_update(heads, ["head"], batch_size=1000)
            problems = resolve_supervisors(self.tenant)
            if problems:
                raise RuntimeError(f"demo generator made invalid supervisors: {problems[:3]}")
        with self._phase("history"):
            self._write_history()
        return {
            "units": len(nodes),
            "positions": len(self.positions),
            "employees": len(self.employees),
            "personas": self._personas(nodes, staff_rows),
        }

    def _write_units(self, nodes: list[UnitNode]) -> None:
        roots: dict[UnitNode, UnitNode] = {}
        paths: dict[UnitNode, str] = {}
        for depth in range(max(n.depth for n in nodes) + 1):
            level = [n for n in nodes if n.depth == depth]
            objs = []
            for n in level:
                root = n if n.parent is None else roots[n.parent]
                roots[n] = root
                objs.append(
                    Unit(
                        tenant=self.tenant,
                        code=n.code,
                        name=n.name,
                        kind=n.kind,
                        parent_id=self.unit_ids[n.parent] if n.parent else None,
                        opd_id=self.unit_ids[root] if n.parent else None,
                        path=n.code if n.parent is None else f"{paths[n.parent]}/{n.code}",
                        depth=depth,
                    )
                )
                paths[n] = objs[-1].path
            Unit.objects.bulk_create(objs, batch_size=BATCH)
            self.unit_ids.update({n: o.pk for n, o in zip(level, objs, strict=True)})
        Unit.objects.filter(tenant=self.tenant, parent__isnull=True).update(opd=F("pk"))
        # Path, depth and OPD are already right, so the tree service only checks them
        # (it rejects cycles); one query instead of one per changed unit.
        rebuild_unit_tree(self.tenant)
        self.opd_ids = {n: self.unit_ids[roots[n]] for n in nodes}

    def _write_positions(self, jobs: list[Job]) -> None:
        keys = sorted({(j.name, j.kind, j.kelas) for j in jobs})
        objs = [Position(tenant=self.tenant, name=n, kind=k, kelas=c) for n, k, c in keys]
        Position.objects.bulk_create(objs, batch_size=BATCH)
        self.positions = {k: o.pk for k, o in zip(keys, objs, strict=True)}

    def _employee(
        self, node: UnitNode, job: Job, person: Person, supervisor: int | None
    ) -> Employee:
        return Employee(
            tenant=self.tenant,
            position_id=self.positions[(job.name, job.kind, job.kelas)],
            unit_id=self.unit_ids[node],
            opd_id=self.opd_ids[node],
            supervisor_id=supervisor,
            **vars(person),
        )

    def _nearest_head(self, node: UnitNode | None) -> int | None:
        while node is not None:
            if node in self.head_ids:
                return self.head_ids[node]
            node = node.parent
        return None

    def _write_anchors(self, anchors: list[tuple[UnitNode, Job, bool]]) -> None:
        # Level by level, so every head's own supervisor (a head higher up) already has an id.
        for depth in sorted({n.depth for n, _j, _h in anchors}):
            for is_head in (True, False):
                level = [(n, job) for n, job, h in anchors if n.depth == depth and h is is_head]
                objs = [
                    self._employee(
                        n,
                        job,
                        self.people.make(job, structural=True),
                        self._nearest_head(n.parent if is_head else n),
                    )
                    for n, job in level
                ]
                Employee.objects.bulk_create(objs, batch_size=BATCH)
                target = self.head_ids if is_head else self.anchor_ids
                target.update({n: o.pk for (n, _j), o in zip(level, objs, strict=True)})
                self.employees += objs

    def _write_staff(self, staff: list[tuple[UnitNode, Job]]) -> list[Employee]:
        objs = []
        for node, job in staff:
            anchor = self.anchor_ids.get(node)
            supervisor = anchor if anchor is not None else self._nearest_head(node)
            e = self._employee(node, job, self.people.make(job), supervisor)
            e.supervisor_explicit_id = anchor
            objs.append(e)
        insert_rows(Employee, objs)
        ids = dict(Employee.objects.filter(tenant=self.tenant).values_list("nip", "pk"))
        for e in objs:
            e.pk = ids[e.nip]
        self.employees += objs
        return objs

    def _write_history(self) -> None:
        # Same labels as org.services._record_history writes on later changes.
        positions = {pk: f"{n} (kelas {c})" for (n, _k, c), pk in self.positions.items()}
        units = {
            pk: f"{code} {name}"
            for pk, code, name in Unit.objects.filter(tenant=self.tenant).values_list(
                "id", "code", "name"
            )
        }
        now = timezone.now()
        t = self.tenant.pk
        rows = []
        for e in self.employees:
            start = e.tmt_unit or self.today
            rows.append((t, e.pk, HistoryKind.POSITION.value, positions[e.position_id], start, now))
            rows.append((t, e.pk, HistoryKind.UNIT.value, units[e.unit_id], start, now))
            rows.append((t, e.pk, HistoryKind.GOLONGAN.value, e.golongan, start, now))
        fields = ["tenant_id", "employee_id", "kind", "value", "valid_from", "recorded_at"]
        insert_values(EmployeeHistory, fields, rows)

    def _personas(self, nodes: list[UnitNode], staff: list[Employee]) -> dict[str, str]:
        """NIPs of an OPD head (BKPSDM's), a supervisor in that OPD and one of their staff."""
        by_id = {e.pk: e for e in self.employees}
        bkpsdm = next(n for n in nodes if n.name.startswith("Badan Kepegawaian"))
        subordinates: dict[int, list[Employee]] = {}
        for e in staff:
            if e.supervisor_id is not None and e.status == "aktif":
                subordinates.setdefault(e.supervisor_id, []).append(e)
        candidates = [
            self.head_ids[n] for n in nodes if n.parent is bkpsdm and n in self.head_ids
        ] + [pk for n, pk in self.head_ids.items() if n.parent is not None]
        candidates += list(self.anchor_ids.values())
        candidates += [pk for pk in subordinates if pk != self.head_ids[bkpsdm]]
        supervisor = next(pk for pk in candidates if pk in subordinates)
        employee = min(subordinates[supervisor], key=lambda e: e.nip)
        return {
            "opd_head": by_id[self.head_ids[bkpsdm]].nip,
            "supervisor": by_id[supervisor].nip,
            "employee": employee.nip,
        }


Hook = Callable[..., Any]


def find_hooks() -> list[tuple[str, Hook]]:
    """The `generate` function of each optional module that exists."""
    found = []
    for name in HOOK_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        hook = getattr(module, "generate", None)
        if callable(hook):
            found.append((name, hook))
    return found


def _run_hooks(
    tenant: Tenant,
    seed: str,
    months: list[str],
    strict: bool,
    on_step: Callable[[str], None] | None = None,
) -> dict[str, str]:
    results: dict[str, str] = {}
    for name, hook in find_hooks():
        if on_step is not None:
            on_step(name.split(".")[1] if "." in name else name)
        try:
            with transaction.atomic():
                hook(
                    tenant=tenant, rng=random.Random(f"{seed}:{tenant.slug}:{name}"), months=months
                )
            results[name] = "ok"
        except Exception as exc:
            if strict:
                raise
            # Another module's half-finished demo must not block the org demo.
            results[name] = f"failed: {type(exc).__name__}: {exc}"
            print(f"warning: demo hook {name} failed for {tenant.slug}: {exc}", file=sys.stderr)
    return results


def generate_tenant(
    preset: TenantPreset,
    *,
    seed: str = "pamong",
    reset: bool = False,
    all_logins: bool = False,
    months: list[str] | None = None,
    today: dt.date | None = None,
    password_hash: str | None = None,
    run_hooks: bool = True,
    strict_hooks: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> TenantResult:
    """Create (or with reset: recreate) one demo tenant. An existing tenant is left alone.
    `on_step` hears the name of each step as it starts (the command's progress bar)."""
    today = today or timezone.localdate()
    password_hash = password_hash or make_password(DEMO_PASSWORD)
    months = months if months is not None else last_months(today, 3)
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug=preset.slug).first()
    if tenant is not None and not reset:
        with scope(tenant=tenant):
            return TenantResult(tenant, False, logins=existing_logins(tenant, password_hash))
    if tenant is not None and not is_demo_tenant(tenant):
        # --reset deletes everything of the tenant: never do that to real data.
        raise NotADemoTenant(
            f"tenant {tenant.slug!r} was not made by `pamong demo`; refusing to reset it"
        )
    with transaction.atomic():
        if tenant is None:
            tenant = tenant_create(
                actor=cli_actor(None), slug=preset.slug, name=preset.name, timezone=preset.timezone
            )
        elif (tenant.name, tenant.timezone) != (preset.name, preset.timezone):
            tenant = tenant_update(
                actor=cli_actor(None), tenant=tenant, name=preset.name,
                timezone=preset.timezone, is_active=True,
            )  # fmt: skip
        with scope(tenant=tenant):
            started = time.monotonic()
            if reset:
                delete_tenant_data(tenant)
            reset_seconds = round(time.monotonic() - started, 2)
            with scopes_disabled():
                taken = set(Employee.objects.values_list("nip", flat=True))
            builder = TenantBuilder(tenant, preset, seed, today, taken)
            if on_step is not None:
                builder.on_step = on_step
            counts = builder.build()
            personas: dict[str, str] = counts.pop("personas")
            employees = {
                e.nip: e
                for e in Employee.objects.filter(tenant=tenant, nip__in=list(personas.values()))
            }
            ensure_users(tenant, password_hash, personas, employees)
            started = time.monotonic()
            if on_step is not None:
                on_step("logins")
            if all_logins:
                counts["extra_logins"] = logins_for_all(tenant, password_hash)
            timings = {"reset": reset_seconds, **builder.timings}
            timings["logins"] = round(time.monotonic() - started, 2)
            started = time.monotonic()
            hooks = _run_hooks(tenant, seed, months, strict_hooks, on_step) if run_hooks else {}
            timings["hooks"] = round(time.monotonic() - started, 2)
            audit(
                actor=cli_actor(tenant),
                action=DEMO_ACTION,
                obj=tenant,
                data={
                    "seed": seed, "reset": reset, "counts": counts, "personas": personas,
                    "months": months, "hooks": hooks,
                },
            )  # fmt: skip
    return TenantResult(tenant, True, counts, login_rows(tenant, personas), hooks, timings)
