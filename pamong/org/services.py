"""Write paths for the org: the tree, heads and supervisors, employee changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import clock
from pamong.core.actor import Actor
from pamong.core.audit import audit, snapshot
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.org.models import (
    HEAD_KINDS,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    Employee,
    EmployeeHistory,
    EmployeeStatus,
    HistoryKind,
    Position,
    TenantOfficials,
    Unit,
)
from pamong.org.nip import nip_problems
from pamong.org.signals import employees_transferred

EMPLOYEE_AUDIT_FIELDS = [
    "nip", "name", "gender", "birth_date", "employee_type", "golongan", "position", "unit",
    "supervisor_explicit", "supervisor", "status", "tmt_unit", "end_date", "email", "phone",
    "bank_name", "bank_account", "contract_start", "contract_end", "tmt_pangkat", "education",
    "tmt_kgb", "mkg_years", "mkg_months",
]  # fmt: skip


def golongan_problem(employee_type: str, golongan: str) -> str | None:
    allowed = PPPK_GOLONGAN if employee_type == "PPPK" else PNS_GOLONGAN
    if golongan not in allowed:
        return _("golongan %(gol)s tidak berlaku untuk %(type)s") % {
            "gol": golongan,
            "type": employee_type,
        }
    return None


def rebuild_unit_tree(tenant: Tenant) -> None:
    """Recompute path, depth and opd of every unit of the tenant in one pass."""
    units = list(
        Unit.objects.filter(tenant=tenant).only(
            "id", "code", "parent_id", "path", "depth", "opd_id"
        )
    )
    by_id = {u.pk: u for u in units}
    computed: dict[int, tuple[str, int, int]] = {}

    def compute(unit: Unit, trail: frozenset[int] = frozenset()) -> tuple[str, int, int]:
        if unit.pk in computed:
            return computed[unit.pk]
        if unit.pk in trail:
            raise ValidationError(_("siklus pada pohon unit di %(code)s") % {"code": unit.code})
        if unit.parent_id is None:
            result = (unit.code, 0, unit.pk)
        else:
            ppath, pdepth, popd = compute(by_id[unit.parent_id], trail | {unit.pk})
            result = (f"{ppath}/{unit.code}", pdepth + 1, popd)
        computed[unit.pk] = result
        return result

    changed = []
    for unit in units:
        path, depth, opd = compute(unit)
        if (unit.path, unit.depth, unit.opd_id) != (path, depth, opd):
            unit.path, unit.depth, unit.opd_id = path, depth, opd
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path", "depth", "opd"], batch_size=1000)
    # Employees carry their OPD for fast scoping.
    if changed:
        for unit in changed:
            Employee.objects.filter(tenant=tenant, unit_id=unit.pk).exclude(
                opd_id=unit.opd_id
            ).update(opd_id=unit.opd_id)


def _supervisor_cycles(supervisors: dict[int, int | None]) -> list[tuple[int, str]]:
    """One problem per cycle in the supervisor graph (iterative three-colour walk)."""
    problems: list[tuple[int, str]] = []
    state: dict[int, int] = {}
    for start in supervisors:
        path: list[int] = []
        node: int | None = start
        while node is not None and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = supervisors.get(node)
        if node is not None and state.get(node) == 1:
            problems.append((node, _("siklus atasan: rantai atasan kembali ke pegawai ini")))
        for visited in path:
            state[visited] = 2
    return problems


def compute_heads_and_supervisors(
    employees: list[dict[str, Any]], units: Mapping[int, int | None]
) -> tuple[dict[int, int], dict[int, int | None], list[tuple[int, str]]]:
    """Pure computation used by the import and by services.

    employees: dicts with id, unit_id, kind (jenis jabatan), status, supervisor_explicit_id.
    units: unit id -> parent id.
    Returns (unit -> head employee id, employee -> supervisor id, [(employee id, problem)]).
    """
    problems: list[tuple[int, str]] = []
    heads: dict[int, int] = {}
    for e in employees:
        if e["status"] == EmployeeStatus.AKTIF and e["kind"] in HEAD_KINDS:
            if e["unit_id"] in heads:
                problems.append((e["id"], _("unit ini sudah punya kepala aktif lain")))
            else:
                heads[e["unit_id"]] = e["id"]

    def nearest_head(unit_id: int | None, exclude: int) -> int | None:
        seen: set[int] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            head = heads.get(unit_id)
            if head is not None and head != exclude:
                return head
            unit_id = units.get(unit_id)
        return None

    supervisors: dict[int, int | None] = {}
    for e in employees:
        if e["supervisor_explicit_id"] is not None:
            if e["supervisor_explicit_id"] == e["id"]:
                problems.append((e["id"], _("atasan tidak boleh pegawai itu sendiri")))
                supervisors[e["id"]] = None
                continue
            supervisors[e["id"]] = e["supervisor_explicit_id"]
        elif heads.get(e["unit_id"]) == e["id"]:
            supervisors[e["id"]] = nearest_head(units.get(e["unit_id"]), e["id"])
        else:
            supervisors[e["id"]] = nearest_head(e["unit_id"], e["id"])

    problems.extend(_supervisor_cycles(supervisors))
    return heads, supervisors, problems


def sekda_rates_opd_heads(
    tenant_id: int,
    heads: dict[int, int],
    units: dict[int, int | None],
    supervisors: dict[int, int | None],
) -> None:
    """The head of an OPD (a top unit) with nobody above is rated by the Sekda."""
    sekda_id = (
        TenantOfficials.objects.filter(tenant_id=tenant_id)
        .values_list("sekda_id", flat=True)
        .first()
    )
    if sekda_id is None:
        return
    for unit_id, head_id in heads.items():
        top = units.get(unit_id, 0) is None
        if top and head_id != sekda_id and supervisors.get(head_id) is None:
            supervisors[head_id] = sekda_id


@transaction.atomic
def sekda_set(*, actor: Actor, sekda: Employee | None) -> TenantOfficials:
    """Set (or clear) the tenant's Sekda; the heads of OPD get the Sekda as supervisor."""
    require(actor, "org.change")
    tenant = actor.tenant
    assert tenant is not None
    if sekda is not None and sekda.tenant_id != tenant.pk:
        raise ValidationError({"sekda": [_("tidak ditemukan")]})
    officials, _created = TenantOfficials.objects.select_for_update().get_or_create(tenant=tenant)
    before = officials.sekda_id
    officials.sekda = sekda
    officials.save()
    problems = resolve_supervisors(tenant)
    if problems:
        raise ValidationError({"sekda": [msg for _pk, msg in problems]})
    audit(
        actor=actor,
        action="org.sekda.set",
        obj=officials,
        before={"sekda": before},
        after={"sekda": sekda.pk if sekda else None},
    )
    return officials


def resolve_supervisors(tenant: Tenant) -> list[tuple[int, str]]:
    """Recompute unit heads and resolved supervisors; returns problems (writes nothing then)."""
    rows = list(
        Employee.objects.filter(tenant=tenant).values(
            "id", "unit_id", "status", "supervisor_explicit_id", "supervisor_id", "position__kind"
        )
    )
    employees = [{**r, "kind": r["position__kind"]} for r in rows]
    units: dict[int, int | None] = dict(
        Unit.objects.filter(tenant=tenant).values_list("id", "parent_id")
    )
    heads, supervisors, problems = compute_heads_and_supervisors(employees, units)
    if problems:
        return problems
    sekda_rates_opd_heads(tenant.pk, heads, units, supervisors)
    changed = [
        Employee(pk=r["id"], supervisor_id=supervisors[r["id"]])
        for r in rows
        if r["supervisor_id"] != supervisors[r["id"]]
    ]
    Employee.objects.bulk_update(changed, ["supervisor"], batch_size=2000)
    current_heads = dict(Unit.objects.filter(tenant=tenant).values_list("id", "head_id"))
    unit_changes = [
        Unit(pk=uid, head_id=heads.get(uid))
        for uid, head in current_heads.items()
        if head != heads.get(uid)
    ]
    Unit.objects.bulk_update(unit_changes, ["head"], batch_size=1000)
    return []


def _record_history(employee: Employee, before: dict[str, Any], effective: dt.date) -> None:
    tracked = {
        "position": HistoryKind.POSITION,
        "unit": HistoryKind.UNIT,
        "golongan": HistoryKind.GOLONGAN,
        "status": HistoryKind.STATUS,
    }
    labels = {
        "position": lambda: str(employee.position),
        "unit": lambda: str(employee.unit),
        "golongan": lambda: employee.golongan,
        "status": lambda: employee.get_status_display(),
    }
    after = snapshot(employee, list(tracked))
    for field, kind in tracked.items():
        if before.get(field) == after[field]:
            continue
        EmployeeHistory.objects.filter(
            tenant_id=employee.tenant_id, employee=employee, kind=kind, valid_to__isnull=True
        ).update(valid_to=effective - dt.timedelta(days=1))
        EmployeeHistory.objects.create(
            tenant_id=employee.tenant_id,
            employee=employee,
            kind=kind,
            value=str(labels[field]())[:300],
            valid_from=effective,
        )


def bank_problems(bank_name: str, bank_account: str) -> dict[str, list[str]]:
    """Where TPP is transferred: both fields or neither; 6-20 digits (no separators)."""
    errors: dict[str, list[str]] = {}
    if bank_account and not bank_account.isdigit():
        errors["bank_account"] = [_("nomor rekening hanya boleh berisi angka")]
    elif bank_account and not 6 <= len(bank_account) <= 20:
        errors["bank_account"] = [_("nomor rekening harus 6 sampai 20 angka")]
    if bank_account and not bank_name.strip():
        errors["bank_name"] = [_("nama bank wajib diisi bila ada nomor rekening")]
    if bank_name.strip() and not bank_account:
        errors["bank_account"] = [_("nomor rekening wajib diisi bila ada nama bank")]
    return errors


def contract_problems(employee: Employee) -> dict[str, list[str]]:
    """A contract (perjanjian kerja) is a PPPK's, with both ends, the end after the start."""
    start, end = employee.contract_start, employee.contract_end
    if start is None and end is None:
        return {}
    if employee.employee_type != "PPPK":
        return {"contract_start": [_("masa kontrak hanya untuk PPPK")]}
    if start is None or end is None:
        field = "contract_start" if start is None else "contract_end"
        return {field: [_("isi mulai dan akhir kontrak bersama-sama")]}
    if end < start:
        return {"contract_end": [_("akhir kontrak sebelum mulai kontrak")]}
    return {}


def validate_employee(employee: Employee) -> None:
    errors: dict[str, list[str]] = {}
    problems = nip_problems(
        employee.nip,
        employee_type=employee.employee_type,
        birth_date=employee.birth_date,
        gender=employee.gender,
    )
    if problems:
        errors["nip"] = problems
    gol = golongan_problem(employee.employee_type, employee.golongan)
    if gol:
        errors["golongan"] = [gol]
    errors.update(bank_problems(employee.bank_name, employee.bank_account))
    errors.update(contract_problems(employee))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def employee_update(
    *, actor: Actor, employee: Employee, effective: dt.date | None = None, **changes: Any
) -> Employee:
    """Change an employee's fields; history, supervisors and the audit log follow."""
    require(actor, "org.change")
    employee = Employee.objects.select_for_update().get(pk=employee.pk, tenant=actor.tenant)
    before = snapshot(employee, EMPLOYEE_AUDIT_FIELDS)
    old_opd_id = employee.opd_id
    for field, value in changes.items():
        setattr(employee, field, value)
    if "unit" in changes:
        employee.opd_id = employee.unit.opd_id
    validate_employee(employee)
    employee.full_clean(
        exclude=["tenant", "position", "unit", "opd", "supervisor", "supervisor_explicit"]
    )
    employee.save()
    _record_history(employee, before, effective or clock.today(employee.tenant))
    problems = resolve_supervisors(employee.tenant)
    if problems:
        raise ValidationError({"supervisor_explicit": [msg for _pk, msg in problems]})
    employee.refresh_from_db()
    audit(
        actor=actor,
        action="org.employee.updated",
        obj=employee,
        before=before,
        after=snapshot(employee, EMPLOYEE_AUDIT_FIELDS),
    )
    if old_opd_id is not None and employee.opd_id != old_opd_id:
        # Roles limited to the old OPD end with the transfer (accounts listens).
        employees_transferred.send(
            sender=Employee, actor=actor, moves=[(employee.pk, old_opd_id, employee.opd_id)]
        )
    return employee


def position_get_or_create(*, tenant: Tenant, name: str, kind: str, kelas: int) -> Position:
    position, _created = Position.objects.get_or_create(
        tenant=tenant, name=name, kind=kind, kelas=kelas
    )
    return position


# --- Create/update services used by the JSON API (and any other interface). ---

UNIT_AUDIT_FIELDS = ["code", "name", "kind", "parent", "path", "opd"]


def _unit_problems(actor: Actor, unit: Unit) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    assert actor.tenant is not None
    if not unit.code or "/" in unit.code:
        errors["code"] = [_("kode unit wajib diisi dan tidak boleh berisi '/'")]
    elif Unit.objects.filter(tenant=actor.tenant, code=unit.code).exclude(pk=unit.pk or 0).exists():
        errors["code"] = [_("kode unit %(code)s sudah dipakai") % {"code": unit.code}]
    if unit.parent_id is not None and unit.parent_id == unit.pk:
        errors["parent"] = [_("unit tidak boleh menjadi induk dirinya sendiri")]
    return errors


def _clean_unit(actor: Actor, unit: Unit) -> None:
    errors = _unit_problems(actor, unit)
    try:
        unit.full_clean(exclude=["tenant", "parent", "opd", "head", "path", "depth"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _rebuild_after_unit_change(tenant: Tenant) -> None:
    try:
        rebuild_unit_tree(tenant)
    except ValidationError as exc:
        raise ValidationError({"parent": exc.messages}) from exc
    problems = resolve_supervisors(tenant)
    if problems:
        raise ValidationError({"parent": [msg for _pk, msg in problems]})


@transaction.atomic
def unit_create(
    *, actor: Actor, code: str, name: str, kind: str, parent: Unit | None = None
) -> Unit:
    """Add a unit to the tenant's tree; path, depth and OPD are derived."""
    require(actor, "org.change")
    assert actor.tenant is not None
    if parent is not None and parent.tenant_id != actor.tenant.pk:
        raise ValidationError({"parent": [_("unit induk tidak ditemukan")]})
    unit = Unit(tenant=actor.tenant, code=code, name=name, kind=kind, parent=parent)
    _clean_unit(actor, unit)
    unit.save()
    _rebuild_after_unit_change(actor.tenant)
    unit.refresh_from_db()
    audit(
        actor=actor,
        action="org.unit.created",
        obj=unit,
        after=snapshot(unit, UNIT_AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: Unit, **changes: Any) -> Unit:
    """Rename, recode or move a unit; the tree and resolved supervisors follow."""
    require(actor, "org.change")
    assert actor.tenant is not None
    unit = Unit.objects.select_for_update().get(pk=unit.pk, tenant=actor.tenant)
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    allowed = {"code", "name", "kind", "parent"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({field: [_("kolom ini tidak bisa diubah")] for field in unknown})
    parent = changes.get("parent", unit.parent)
    if parent is not None and parent.tenant_id != actor.tenant.pk:
        raise ValidationError({"parent": [_("unit induk tidak ditemukan")]})
    for field, value in changes.items():
        setattr(unit, field, value)
    _clean_unit(actor, unit)
    unit.save()
    _rebuild_after_unit_change(actor.tenant)
    unit.refresh_from_db()
    audit(
        actor=actor,
        action="org.unit.updated",
        obj=unit,
        before=before,
        after=snapshot(unit, UNIT_AUDIT_FIELDS),
    )
    return unit


def _head_conflict(employee: Employee) -> str | None:
    if employee.status != EmployeeStatus.AKTIF or employee.position.kind not in HEAD_KINDS:
        return None
    other = (
        Employee.objects.filter(
            tenant_id=employee.tenant_id,
            unit_id=employee.unit_id,
            status=EmployeeStatus.AKTIF,
            position__kind__in=list(HEAD_KINDS),
        )
        .exclude(pk=employee.pk or 0)
        .first()
    )
    if other is None:
        return None
    return _("unit ini sudah punya kepala aktif lain (%(nip)s)") % {"nip": other.nip}


@transaction.atomic
def employee_create(
    *,
    actor: Actor,
    nip: str,
    name: str,
    gender: str,
    birth_date: dt.date,
    employee_type: str,
    golongan: str,
    position: Position,
    unit: Unit,
    supervisor_explicit: Employee | None = None,
    status: str = EmployeeStatus.AKTIF,
    effective: dt.date | None = None,
    **optional: Any,
) -> Employee:
    """Add an employee; history, unit heads and resolved supervisors follow.

    optional: tmt_unit, end_date, email, phone, bank_name, bank_account, and the career
    facts tmt_pangkat, education, tmt_kgb, mkg_years, mkg_months.
    """
    require(actor, "org.change")
    tenant = actor.tenant
    assert tenant is not None
    allowed = {
        "tmt_unit", "end_date", "email", "phone", "bank_name", "bank_account", "contract_start",
        "contract_end", "tmt_pangkat", "education", "tmt_kgb", "mkg_years", "mkg_months",
    }  # fmt: skip
    unknown = set(optional) - allowed
    if unknown:
        raise ValidationError({field: [_("kolom tidak dikenal")] for field in unknown})
    errors: dict[str, list[str]] = {}
    for field, obj in (("unit", unit), ("position", position), ("supervisor", supervisor_explicit)):
        if obj is not None and obj.tenant_id != tenant.pk:
            errors[field] = [_("tidak ditemukan")]
    if errors:
        raise ValidationError(errors)
    employee = Employee(
        tenant=tenant,
        nip=nip,
        name=name,
        gender=gender,
        birth_date=birth_date,
        employee_type=employee_type,
        golongan=golongan,
        position=position,
        unit=unit,
        opd_id=unit.opd_id,
        supervisor_explicit=supervisor_explicit,
        status=status,
        **optional,
    )
    try:
        validate_employee(employee)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "nip" not in errors and Employee.objects.filter(tenant=tenant, nip=nip).exists():
        errors["nip"] = [_("NIP %(nip)s sudah terdaftar") % {"nip": nip}]
    head = _head_conflict(employee)
    if head:
        errors["position"] = [head]
    try:
        employee.full_clean(
            exclude=["tenant", "position", "unit", "opd", "supervisor", "supervisor_explicit"]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    employee.save()
    _record_history(employee, {}, effective or employee.tmt_unit or clock.today(tenant))
    problems = resolve_supervisors(tenant)
    if problems:
        raise ValidationError({"supervisor": [msg for _pk, msg in problems]})
    employee.refresh_from_db()
    audit(
        actor=actor,
        action="org.employee.created",
        obj=employee,
        after=snapshot(employee, EMPLOYEE_AUDIT_FIELDS),
    )
    return employee
