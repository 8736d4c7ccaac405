"""Import organisation units from units.csv (formats.md; key: kode)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.errors import InputError, InputErrors
from pamong.core.permissions import require
from pamong.imports.common import ImportResult, Tracker, bulk_update_fast, load_table
from pamong.imports.tabular import RowErrors, Table
from pamong.org.models import Employee, Unit, UnitKind
from pamong.org.services import rebuild_unit_tree, resolve_supervisors

REQUIRED = ["kode", "nama", "jenis"]
OPTIONAL = ["kode_induk"]
COLUMNS = ["kode", "nama", "kode_induk", "jenis"]

CODE_MAX = Unit._meta.get_field("code").max_length or 40
NAME_MAX = Unit._meta.get_field("name").max_length or 200


def _check_code(code: str, number: int, rows: dict[str, dict], errors: RowErrors) -> bool:
    if not code:
        errors.add(number, "kode", _("wajib diisi"))
        return False
    elif len(code) > CODE_MAX or "/" in code:
        errors.add(number, "kode", _("kode tidak sah (maksimum 40 karakter, tanpa '/')"))
        return False
    elif code in rows:
        errors.add(
            number,
            "kode",
            _("kode %(code)s ganda (sudah ada di baris %(row)s)")
            % {"code": code, "row": rows[code]["row"]},
        )
        return False
    return True


def _validate(table: Table, existing: dict[str, Unit], errors: RowErrors) -> dict[str, dict]:
    """Rows by kode, with every per-row problem collected in `errors`."""
    rows: dict[str, dict] = {}
    for number, cells in table.rows:
        code = cells.get("kode", "")
        name = cells.get("nama", "")
        kind = cells.get("jenis", "").lower()
        parent = cells.get("kode_induk", "")
        ok = _check_code(code, number, rows, errors)
        if not name:
            errors.add(number, "nama", _("wajib diisi"))
        elif len(name) > NAME_MAX:
            errors.add(number, "nama", _("terlalu panjang (maksimum 200 karakter)"))
        if kind not in UnitKind.values:
            errors.add(
                number,
                "jenis",
                _("jenis %(kind)s tidak dikenal; pilih salah satu: %(choices)s")
                % {"kind": kind or "''", "choices": ", ".join(UnitKind.values)},
            )
        if ok:
            rows[code] = {"row": number, "name": name, "kind": kind, "parent": parent or None}
    for code, row in rows.items():
        parent = row["parent"]
        if parent is None:
            continue
        if parent == code:
            errors.add(row["row"], "kode_induk", _("unit tidak boleh menjadi induk dirinya"))
        elif parent not in rows and parent not in existing:
            errors.add(
                row["row"], "kode_induk", _("unit induk %(code)s tidak dikenal") % {"code": parent}
            )
    return rows


def _check_cycles(
    rows: dict[str, dict],
    existing: dict[str, Unit],
    parents_by_id: dict[int, str],
    errors: RowErrors,
) -> None:
    """A cycle in the would-be tree (file rows override the stored parents)."""
    parent_of: dict[str, str | None] = {
        code: parents_by_id.get(unit.parent_id) if unit.parent_id else None
        for code, unit in existing.items()
    }
    parent_of.update({code: row["parent"] for code, row in rows.items()})
    state: dict[str, int] = {}
    for start in rows:
        trail: list[str] = []
        node: str | None = start
        while node is not None and state.get(node, 0) == 0:
            state[node] = 1
            trail.append(node)
            node = parent_of.get(node)
        if node is not None and state.get(node) == 1:
            cycle = trail[trail.index(node) :]
            culprit = node if node in rows else next((c for c in cycle if c in rows), start)
            errors.add(
                rows[culprit]["row"],
                "kode_induk",
                _("siklus pada pohon unit: %(cycle)s") % {"cycle": " → ".join([*cycle, node])},
            )
        for code in trail:
            state[code] = 2


def _tree_key(unit: Unit) -> tuple[str, str, int | None, str, int, int | None]:
    return (unit.name, unit.kind, unit.parent_id, unit.path, unit.depth, unit.opd_id)


def _set_tree_fields(units: list[Unit]) -> None:
    """path, depth and opd of every unit from the parents (the tree has no cycle here)."""
    by_id = {u.pk: u for u in units}
    done: set[int] = set()
    for unit in units:
        chain = []
        node: Unit | None = unit
        while node is not None and node.pk not in done:
            chain.append(node)
            node = by_id[node.parent_id] if node.parent_id is not None else None
        for item in reversed(chain):
            parent = by_id[item.parent_id] if item.parent_id is not None else None
            if parent is None:
                item.path, item.depth, item.opd_id = item.code, 0, item.pk
            else:
                item.path = f"{parent.path}/{item.code}"
                item.depth, item.opd_id = parent.depth + 1, parent.opd_id
            done.add(item.pk)


@transaction.atomic
def import_units(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    ignore_unknown_columns: bool = False,
    track: Tracker | None = None,
) -> ImportResult:
    """Create or update units by kode; all-or-nothing, then rebuild the tree."""
    require(actor, "org.import")
    tenant = actor.tenant
    assert tenant is not None
    table = load_table(
        table_or_file,
        source=source,
        required=REQUIRED,
        optional=OPTIONAL,
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(table.source)
    existing = {u.code: u for u in Unit.objects.filter(tenant=tenant)}
    parents_by_id = {u.pk: u.code for u in existing.values()}
    rows = _validate(table, existing, errors)
    if not errors:
        _check_cycles(rows, existing, parents_by_id, errors)
    errors.raise_if_any()

    new_units = [
        Unit(tenant=tenant, code=code, name=row["name"], kind=row["kind"], path=code)
        for code, row in rows.items()
        if code not in existing
    ]
    Unit.objects.bulk_create(new_units, batch_size=1000)
    by_code = {**existing, **{u.code: u for u in new_units}}
    created_codes = {u.code for u in new_units}
    before = {u.pk: _tree_key(u) for u in existing.values()}
    updated = unchanged = 0
    for code, row in rows.items():
        unit = by_code[code]
        parent_id = by_code[row["parent"]].pk if row["parent"] else None
        if code in created_codes:
            unit.parent_id = parent_id
        elif (unit.name, unit.kind, unit.parent_id) == (row["name"], row["kind"], parent_id):
            unchanged += 1
        else:
            unit.name, unit.kind, unit.parent_id = row["name"], row["kind"], parent_id
            updated += 1
    _set_tree_fields(list(by_code.values()))
    changed = [
        u for u in by_code.values() if u.code in created_codes or before[u.pk] != _tree_key(u)
    ]
    fields = ["name", "kind", "parent", "path", "depth", "opd"]
    bulk_update_fast(Unit, changed, fields, tenant_id=tenant.pk)
    moved = [u.pk for u in changed if u.code not in created_codes and before[u.pk][5] != u.opd_id]
    if moved:  # employees carry their OPD (denormalised)
        Employee.objects.filter(tenant=tenant, unit_id__in=moved).update(
            opd_id=Subquery(Unit.objects.filter(pk=OuterRef("unit_id")).values("opd_id")[:1])
        )
    rebuild_unit_tree(tenant)  # finds nothing left to do; kept as the tree's one authority
    if updated:  # a moved unit changes whose head is the nearest one up the tree
        problems = resolve_supervisors(tenant)
        if problems:
            raise InputErrors(
                [InputError(message=message, source=table.source) for _pk, message in problems]
            )
    result = ImportResult(created=len(new_units), updated=updated, unchanged=unchanged)
    audit(
        actor=actor,
        action="imports.units.imported",
        data={"file": table.source, "sha256": table.sha256, **result.as_dict()},
    )
    return result
