"""Import employees from employees.csv (formats.md; key: nip).

Validation reads the whole would-be state (stored employees plus the file) and checks
heads and supervisors on it, so an invalid file writes nothing. Writing is set-based:
a handful of bulk statements whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core import clock as pamong_clock
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require
from pamong.imports.common import (
    ImportResult,
    Tracker,
    allocate_ids,
    bulk_update_fast,
    copy_insert,
    load_table,
    untracked,
)
from pamong.imports.employees_rows import (
    OPTIONAL,
    REQUIRED,
    Row,
    UnitInfo,
    parse_rows,
)
from pamong.imports.tabular import RowErrors, Table
from pamong.org.models import (
    HEAD_KINDS,
    Employee,
    EmployeeHistory,
    EmployeeStatus,
    HistoryKind,
    Position,
    Unit,
)
from pamong.org.services import (
    compute_heads_and_supervisors,
    resolve_supervisors,
    sekda_rates_opd_heads,
)
from pamong.org.signals import employees_transferred

COLUMNS = [*REQUIRED, *OPTIONAL]
logger = logging.getLogger(__name__)


class _Clock:
    """Logs how long each phase took (DEBUG), to keep the 100,000-row budget visible."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        logger.debug("import_employees: %s %.2f s", phase, now - self.last)
        self.last = now


STORED_FIELDS = [
    "id", "nip", "name", "gender", "birth_date", "employee_type", "golongan", "position_id",
    "unit_id", "opd_id", "supervisor_explicit_id", "supervisor_id", "status", "tmt_unit",
    "end_date", "email", "phone", "contract_start", "contract_end", "tmt_pangkat", "education",
    "tmt_kgb", "mkg_years",
]  # fmt: skip
# Row attribute -> model field, for the columns that may be left out of a file.
OPTIONAL_FIELDS = {
    "status": "status",
    "tmt_unit": "tmt_unit",
    "tanggal_berhenti": "end_date",
    "email": "email",
    "telepon": "phone",
    "mulai_kontrak": "contract_start",
    "akhir_kontrak": "contract_end",
    "tmt_pangkat": "tmt_pangkat",
    "pendidikan": "education",
    "tmt_kgb": "tmt_kgb",
    "mkg_tahun": "mkg_years",
}
HISTORY_FIELDS = {
    "position_id": HistoryKind.POSITION,
    "unit_id": HistoryKind.UNIT,
    "golongan": HistoryKind.GOLONGAN,
    "status": HistoryKind.STATUS,
}


@dataclass
class _State:
    """Stored records of the tenant, each loaded once."""

    employees: dict[str, dict[str, Any]]  # nip -> stored values
    units: dict[str, UnitInfo]  # code -> unit
    unit_parents: dict[int, int | None]
    positions: dict[tuple[str, str, int], int]  # (name, kind, kelas) -> id
    position_kinds: dict[int, str]
    position_labels: dict[int, str]
    tenant_id: int = 0


def _load_state(tenant_id: int) -> _State:
    employees = {
        e["nip"]: e for e in Employee.objects.filter(tenant_id=tenant_id).values(*STORED_FIELDS)
    }
    units: dict[str, UnitInfo] = {}
    parents: dict[int, int | None] = {}
    for pk, code, name, parent_id, opd_id in Unit.objects.filter(tenant_id=tenant_id).values_list(
        "id", "code", "name", "parent_id", "opd_id"
    ):
        units[code] = UnitInfo(pk, opd_id, f"{code} {name}")
        parents[pk] = parent_id
    positions: dict[tuple[str, str, int], int] = {}
    kinds: dict[int, str] = {}
    labels: dict[int, str] = {}
    for pk, name, kind, kelas in Position.objects.filter(tenant_id=tenant_id).values_list(
        "id", "name", "kind", "kelas"
    ):
        positions[(name, kind, kelas)] = pk
        kinds[pk] = kind
        labels[pk] = f"{name} (kelas {kelas})"
    return _State(employees, units, parents, positions, kinds, labels, tenant_id)


def _check_heads_and_supervisors(
    rows: list[Row], state: _State, present: set[str], errors: RowErrors
) -> dict[int, int | None]:
    """Validate the would-be org; returns employee id -> resolved supervisor id.

    New employees get a temporary negative id (minus their row number).
    """
    in_file = {r.nip for r in rows}
    ids = {nip: e["id"] for nip, e in state.employees.items()}
    ids.update({r.nip: -r.number for r in rows if r.nip not in state.employees})
    by_id = {ids[r.nip]: r for r in rows}
    people: list[dict[str, Any]] = [
        {
            "id": e["id"],
            "unit_id": e["unit_id"],
            "status": e["status"],
            "supervisor_explicit_id": e["supervisor_explicit_id"],
            "kind": state.position_kinds.get(e["position_id"]),
        }
        for nip, e in state.employees.items()
        if nip not in in_file
    ]
    for r in rows:
        stored = state.employees.get(r.nip)
        if "nip_atasan" in present:
            explicit = ids[r.supervisor_nip] if r.supervisor_nip else None
        else:
            explicit = stored["supervisor_explicit_id"] if stored else None
        status = r.status if "status" in present or stored is None else stored["status"]
        people.append(
            {
                "id": ids[r.nip],
                "unit_id": r.unit.pk,
                "status": status,
                "supervisor_explicit_id": explicit,
                "kind": r.position[1],
            }
        )
    # A head stored outside the file comes first, so the file row is the one reported.
    heads: dict[int, int] = {}
    nips = {v: k for k, v in ids.items()}
    for p in people:
        if p["status"] != EmployeeStatus.AKTIF or p["kind"] not in HEAD_KINDS:
            continue
        other = heads.setdefault(p["unit_id"], p["id"])
        row = by_id.get(p["id"])
        if other != p["id"] and row is not None:  # two stored heads: not this file's doing
            errors.add(
                row.number,
                "jenis_jabatan",
                _("unit %(unit)s sudah punya kepala aktif lain (NIP %(nip)s)")
                % {"unit": row.unit.label, "nip": nips[other]},
            )
    if errors:
        return {}
    heads, supervisors, problems = compute_heads_and_supervisors(people, state.unit_parents)
    sekda_rates_opd_heads(state.tenant_id, heads, state.unit_parents, supervisors)
    for pk, message in problems:
        culprit = by_id.get(pk)
        if culprit is None:
            errors.add(None, None, f"{nips.get(pk, pk)}: {message}")
        else:
            errors.add(culprit.number, "nip_atasan", message)
    return supervisors


def _history_rows(
    tenant_id: int, changes: list[tuple[int, str, Any]], state: _State, today: dt.date
) -> None:
    """Close the open history entries and open new ones for changed tracked fields."""
    unit_labels = {u.pk: u.label for u in state.units.values()}
    labels: dict[str, Callable[[Any], str]] = {
        "position_id": lambda v: state.position_labels.get(v, str(v)),
        "unit_id": lambda v: unit_labels.get(v, str(v)),
        "golongan": str,
        "status": lambda v: str(EmployeeStatus(v).label),
    }
    by_kind: dict[str, list[int]] = {}
    new: list[EmployeeHistory] = []
    for employee_id, field, value in changes:
        kind = str(HISTORY_FIELDS[field])
        by_kind.setdefault(kind, []).append(employee_id)
        new.append(
            EmployeeHistory(
                tenant_id=tenant_id,
                employee_id=employee_id,
                kind=kind,
                value=labels[field](value)[:300],
                valid_from=today,
            )
        )
    for kind_value, employee_ids in by_kind.items():
        for start in range(0, len(employee_ids), 5000):
            EmployeeHistory.objects.filter(
                tenant_id=tenant_id,
                kind=kind_value,
                employee_id__in=employee_ids[start : start + 5000],
                valid_to__isnull=True,
            ).update(valid_to=today - dt.timedelta(days=1))
    EmployeeHistory.objects.bulk_create(new, batch_size=5000)


def _wanted(row: Row, stored: dict[str, Any] | None, present: set[str]) -> dict[str, Any]:
    """The model values this row asks for; a column left out keeps the stored value."""
    values: dict[str, Any] = {
        "name": row.name,
        "gender": row.gender,
        "birth_date": row.birth_date,
        "employee_type": row.employee_type,
        "golongan": row.golongan,
        "unit_id": row.unit.pk,
        "opd_id": row.unit.opd_id,
    }
    for column, field in OPTIONAL_FIELDS.items():
        if column in present or stored is None:
            values[field] = getattr(row, field)
        else:
            values[field] = stored[field]
    return values


def import_employees(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    ignore_unknown_columns: bool = False,
    track: Tracker | None = None,
) -> ImportResult:
    """Create or update employees by NIP; all-or-nothing; supervisors resolved after."""
    require(actor, "org.import")
    tenant = actor.tenant
    assert tenant is not None
    track = track or untracked
    clock = _Clock()
    table = load_table(
        table_or_file,
        source=source,
        required=REQUIRED,
        optional=OPTIONAL,
        ignore_unknown_columns=ignore_unknown_columns,
    )
    clock.lap("read")
    present = set(table.header)
    errors = RowErrors(table.source)
    state = _load_state(tenant.pk)
    clock.lap("load stored state")
    rows = parse_rows(
        track(table.rows, total=len(table.rows), desc=_("memeriksa")),
        units=state.units,
        stored_nips=set(state.employees),
        errors=errors,
    )
    errors.raise_if_any()
    clock.lap("parse rows")
    supervisors = _check_heads_and_supervisors(rows, state, present, errors)
    errors.raise_if_any()
    clock.lap("check heads and supervisors")
    with transaction.atomic():
        result = _write(actor, tenant.pk, rows, state, present, supervisors, clock)
        # Nothing written: heads and supervisors cannot have changed.
        problems = resolve_supervisors(tenant) if result.created or result.updated else []
        clock.lap("resolve_supervisors")
        if problems:  # cannot happen after the check above; never leave a broken tree
            raise InputErrors([InputError(message=m, source=table.source) for _pk, m in problems])
        audit(
            actor=actor,
            action="imports.employees.imported",
            data={"file": table.source, "sha256": table.sha256, **result.as_dict()},
        )
    return result


def _insert_new(
    tenant_id: int, new: dict[int, dict[str, Any]], supervisors: dict[int, int | None]
) -> dict[int, int]:
    """Create the new employees; returns temporary id -> real id.

    On PostgreSQL the ids are reserved first, so supervisors (which may be other new
    employees) go in with the same COPY. Elsewhere: insert, then set the supervisors.
    """
    reserved = allocate_ids(Employee, len(new))
    if reserved is not None:
        real = dict(zip(new, reserved, strict=True))
        for temp_id, values in new.items():
            values["id"] = real[temp_id]
            explicit = values.get("supervisor_explicit_id")
            values["supervisor_explicit_id"] = real.get(explicit, explicit) if explicit else None
            sup = supervisors.get(temp_id)
            values["supervisor_id"] = real.get(sup, sup) if sup is not None else None
        copy_insert(Employee, list(new.values()))
        return real
    objs = [Employee(**{**values, "supervisor_explicit_id": None}) for values in new.values()]
    Employee.objects.bulk_create(objs, batch_size=1000)
    real = {temp_id: obj.pk for temp_id, obj in zip(new, objs, strict=True)}
    for (temp_id, values), obj in zip(new.items(), objs, strict=True):
        explicit = values.get("supervisor_explicit_id")
        obj.supervisor_explicit_id = real.get(explicit, explicit) if explicit else None
        sup = supervisors.get(temp_id)
        obj.supervisor_id = real.get(sup, sup) if sup is not None else None
    fields = ["supervisor_explicit", "supervisor"]
    bulk_update_fast(Employee, objs, fields, tenant_id=tenant_id)
    return real


def _write(
    actor: Actor,
    tenant_id: int,
    rows: list[Row],
    state: _State,
    present: set[str],
    supervisors: dict[int, int | None],
    clock: _Clock,
) -> ImportResult:
    # Positions (jabatan) are looked up by name, jenis and kelas; missing ones are created.
    missing = {r.position for r in rows if r.position not in state.positions}
    created_positions = Position.objects.bulk_create(
        [Position(tenant_id=tenant_id, name=n, kind=k, kelas=c) for n, k, c in sorted(missing)]
    )
    for p in created_positions:
        state.positions[(p.name, p.kind, p.kelas)] = p.pk
        state.position_labels[p.pk] = f"{p.name} (kelas {p.kelas})"

    # Temporary ids (minus the row number) stand for employees not created yet.
    ids = {nip: e["id"] for nip, e in state.employees.items()}
    ids.update({r.nip: -r.number for r in rows if r.nip not in state.employees})
    new: dict[int, dict[str, Any]] = {}  # temporary id -> field values
    changed: list[Employee] = []
    history: list[tuple[int, str, Any]] = []
    moves: list[tuple[int, int, int]] = []  # (employee, old OPD, new OPD)
    unchanged = 0
    for row in rows:
        stored = state.employees.get(row.nip)
        values = _wanted(row, stored, present)
        values["position_id"] = state.positions[row.position]
        if "nip_atasan" in present:
            values["supervisor_explicit_id"] = (
                ids[row.supervisor_nip] if row.supervisor_nip else None
            )
        if stored is None:
            new[-row.number] = {"tenant_id": tenant_id, "nip": row.nip, **values}
            continue
        if all(stored[k] == v for k, v in values.items()):
            unchanged += 1
            continue
        history.extend(
            (stored["id"], f, values[f]) for f in HISTORY_FIELDS if stored[f] != values[f]
        )
        if stored.get("opd_id") and values.get("opd_id", stored["opd_id"]) != stored["opd_id"]:
            moves.append((stored["id"], stored["opd_id"], values["opd_id"]))
        changed.append(Employee(tenant_id=tenant_id, **{**stored, **values}))
    clock.lap("compare")
    real = _insert_new(tenant_id, new, supervisors)
    clock.lap("insert")
    for employee in changed:
        sup = employee.supervisor_explicit_id
        if sup is not None and sup < 0:
            employee.supervisor_explicit_id = real[sup]
    update_fields = [
        "name", "gender", "birth_date", "employee_type", "golongan", "position", "unit",
        "opd", "supervisor_explicit", "status", "tmt_unit", "end_date", "email", "phone",
        "contract_start", "contract_end", "tmt_pangkat", "education", "tmt_kgb", "mkg_years",
    ]  # fmt: skip
    bulk_update_fast(Employee, changed, update_fields, tenant_id=tenant_id)
    if moves:  # roles limited to the OPD an employee left end with the move (accounts)
        employees_transferred.send(sender=Employee, actor=actor, moves=moves)
    # Resolved supervisors as computed during validation, so resolve_supervisors() after
    # this finds (almost) nothing left to change.
    stored_sup = {e["id"]: e["supervisor_id"] for e in state.employees.values()}
    sup_changes: list[Employee] = []
    for pk, supervisor in supervisors.items():
        sup = real.get(supervisor, supervisor) if supervisor is not None else None
        if pk in stored_sup and stored_sup[pk] != sup:
            sup_changes.append(Employee(pk=pk, supervisor_id=sup))
    bulk_update_fast(Employee, sup_changes, ["supervisor"], tenant_id=tenant_id)
    clock.lap("updates")
    _history_rows(tenant_id, history, state, pamong_clock.today(actor.tenant))
    clock.lap("history")
    return ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
