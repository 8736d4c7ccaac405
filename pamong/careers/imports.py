"""Imports of KP and KGB history and of assessment scores (docs/formats/careers.md):
all-or-nothing, idempotent.

A row's NIP must belong to the tenant. The latest row of an employee whose golongan equals the
employee's current golongan fills the TMT pangkat (KP) or the TMT KGB and MKG (KGB) the due
lists start from, when it is newer than what is stored. Golongan itself is not changed here:
it comes from the employee import or a KP decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.careers import selectors as sel
from pamong.careers.models import (
    AssessmentKind,
    AssessmentResult,
    KgbRecord,
    KpProposal,
    KpStatus,
    RecordSource,
)
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, Table, parse_date, read_table
from pamong.org.models import PNS_GOLONGAN, PPPK_GOLONGAN, Employee

KP_REQUIRED = ["nip", "golongan", "tmt"]
KP_OPTIONAL = ["sk_nomor", "sk_tanggal", "golongan_lama"]
KP_FIELDS = [
    "status", "from_golongan", "to_golongan", "new_golongan", "tmt", "sk_number", "sk_date",
    "applied", "source",
]  # fmt: skip
KGB_REQUIRED = ["nip", "golongan", "tmt", "mkg_tahun"]
KGB_OPTIONAL = ["gaji_pokok", "sk_nomor", "sk_tanggal"]


def _employees(actor: Actor, table: Table) -> dict[str, Employee]:
    nips = {row["nip"] for _n, row in table.rows}
    return {
        e.nip: e
        for e in Employee.objects.filter(tenant=actor.tenant, nip__in=nips).only(
            "id", "nip", "golongan", "employee_type", "tmt_pangkat", "tmt_kgb", "mkg_years"
        )
    }


def _date(errors: RowErrors, n: int, row: dict[str, str], column: str) -> dt.date | None:
    value = row.get(column, "")
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        errors.add(n, column, _("tanggal harus YYYY-MM-DD"))
        return None


def _common(
    errors: RowErrors, n: int, row: dict[str, str], employees: dict[str, Employee]
) -> tuple[Employee | None, dt.date | None]:
    employee = employees.get(row["nip"])
    if employee is None:
        errors.add(n, "nip", _("NIP %(nip)s tidak terdaftar di pemda ini") % {"nip": row["nip"]})
    tmt = _date(errors, n, row, "tmt")
    if tmt is None and row.get("tmt", "") == "":
        errors.add(n, "tmt", _("wajib diisi"))
    allowed = PPPK_GOLONGAN if employee and employee.employee_type == "PPPK" else PNS_GOLONGAN
    if row["golongan"] not in allowed:
        errors.add(n, "golongan", _("golongan %(g)s tidak dikenal") % {"g": row["golongan"]})
    return employee, tmt


def _upsert(
    model: Any,
    existing: dict[tuple[int, Any], Any],
    parsed: list[tuple[Employee, Any, dict[str, Any]]],
    make: Callable[[Employee, Any, dict[str, Any]], Any],
    fields: list[str],
) -> dict[str, int]:
    """Create new rows, update changed ones, count the unchanged (re-import changes nothing)."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    create, update = [], []
    for employee, tmt, values in parsed:
        found = existing.get((employee.pk, tmt))
        if found is None:
            create.append(make(employee, tmt, values))
            counts["created"] += 1
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            update.append(found)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    model.objects.bulk_create(create, batch_size=1000)
    model.objects.bulk_update(update, fields, batch_size=1000)
    return counts


@transaction.atomic
def kp_history_import(
    *, actor: Actor, data: bytes | IO[bytes], source: str = "kp.csv"
) -> dict[str, int]:
    require(actor, sel.MANAGE)
    table = read_table(data, source=source, required=KP_REQUIRED, optional=KP_OPTIONAL)
    errors = RowErrors(source)
    employees = _employees(actor, table)
    parsed: list[tuple[Employee, dt.date, dict[str, Any]]] = []
    seen: set[tuple[str, dt.date]] = set()
    for n, row in table.rows:
        employee, tmt = _common(errors, n, row, employees)
        sk_date = _date(errors, n, row, "sk_tanggal")
        old = row.get("golongan_lama", "")
        if old and old not in PNS_GOLONGAN:
            errors.add(n, "golongan_lama", _("golongan %(g)s tidak dikenal") % {"g": old})
        if employee is None or tmt is None:
            continue
        if (employee.nip, tmt) in seen:
            errors.add(n, "tmt", _("baris ganda untuk NIP dan TMT ini"))
        seen.add((employee.nip, tmt))
        fields = {
            "status": KpStatus.DECIDED,
            "from_golongan": old,
            "to_golongan": row["golongan"],
            "new_golongan": row["golongan"],
            "tmt": tmt,
            "sk_number": row.get("sk_nomor", ""),
            "sk_date": sk_date,
            "applied": True,
            "source": RecordSource.IMPORT,
        }
        parsed.append((employee, tmt, fields))
    errors.raise_if_any()
    existing = {
        (p.employee_id, p.period): p
        for p in KpProposal.objects.filter(
            tenant=actor.tenant, employee__in=[e for e, _t, _f in parsed]
        )
    }
    counts = _upsert(
        KpProposal,
        existing,
        parsed,
        lambda e, t, f: KpProposal(tenant=actor.tenant, employee=e, period=t, **f),
        KP_FIELDS,
    )
    latest: dict[int, tuple[dt.date, Any]] = {}
    for employee, tmt, fields in parsed:
        if employee.pk not in latest or latest[employee.pk][0] < tmt:
            latest[employee.pk] = (tmt, fields["new_golongan"])
    changed = []
    for employee, _tmt, _fields in parsed:
        tmt, gol = latest[employee.pk]
        newer = employee.tmt_pangkat is None or employee.tmt_pangkat < tmt
        if gol == employee.golongan and newer and employee.tmt_pangkat != tmt:
            employee.tmt_pangkat = tmt
            changed.append(employee)
    Employee.objects.bulk_update({e.pk: e for e in changed}.values(), ["tmt_pangkat"])
    audit(
        actor=actor,
        action="careers.kp_history.imported",
        data={"file": source, "sha256": table.sha256, **counts, "tmt_filled": len(changed)},
    )
    return counts


@transaction.atomic
def kgb_history_import(
    *, actor: Actor, data: bytes | IO[bytes], source: str = "kgb.csv"
) -> dict[str, int]:
    require(actor, sel.MANAGE)
    table = read_table(data, source=source, required=KGB_REQUIRED, optional=KGB_OPTIONAL)
    errors = RowErrors(source)
    employees = _employees(actor, table)
    parsed: list[tuple[Employee, dt.date, dict[str, Any]]] = []
    seen: set[tuple[str, dt.date]] = set()
    for n, row in table.rows:
        employee, tmt = _common(errors, n, row, employees)
        sk_date = _date(errors, n, row, "sk_tanggal")
        mkg = row["mkg_tahun"]
        if not mkg.isdigit() or int(mkg) > 40:
            errors.add(n, "mkg_tahun", _("harus bilangan bulat 0-40"))
        pay = row.get("gaji_pokok", "")
        if pay and not pay.isdigit():
            errors.add(n, "gaji_pokok", _("harus rupiah tanpa titik atau koma"))
        if employee is None or tmt is None or not mkg.isdigit():
            continue
        if (employee.nip, tmt) in seen:
            errors.add(n, "tmt", _("baris ganda untuk NIP dan TMT ini"))
        seen.add((employee.nip, tmt))
        fields = {
            "golongan": row["golongan"],
            "mkg_years": int(mkg),
            "gaji_pokok": int(pay) if pay.isdigit() else None,
            "sk_number": row.get("sk_nomor", ""),
            "sk_date": sk_date,
            "source": RecordSource.IMPORT,
        }
        parsed.append((employee, tmt, fields))
    errors.raise_if_any()
    existing = {
        (r.employee_id, r.tmt): r
        for r in KgbRecord.objects.filter(
            tenant=actor.tenant, employee__in=[e for e, _t, _f in parsed]
        )
    }
    counts = _upsert(
        KgbRecord,
        existing,
        parsed,
        lambda e, t, f: KgbRecord(tenant=actor.tenant, employee=e, tmt=t, **f),
        ["golongan", "mkg_years", "gaji_pokok", "sk_number", "sk_date", "source"],
    )
    latest: dict[int, tuple[dt.date, dict[str, Any]]] = {}
    for employee, tmt, fields in parsed:
        if employee.pk not in latest or latest[employee.pk][0] < tmt:
            latest[employee.pk] = (tmt, fields)
    changed: dict[int, Employee] = {}
    for employee, _tmt, _fields in parsed:
        tmt, last = latest[employee.pk]
        newer = employee.tmt_kgb is None or employee.tmt_kgb < tmt
        if last["golongan"] == employee.golongan and newer:
            employee.tmt_kgb = tmt
            employee.mkg_years = last["mkg_years"]
            changed[employee.pk] = employee
    Employee.objects.bulk_update(changed.values(), ["tmt_kgb", "mkg_years"])
    audit(
        actor=actor,
        action="careers.kgb_history.imported",
        data={"file": source, "sha256": table.sha256, **counts, "tmt_filled": len(changed)},
    )
    return counts


ASSESSMENT_REQUIRED = ["nip", "jenis", "nilai", "tanggal", "sumber"]
ASSESSMENT_FIELDS = ["score", "source"]


def _score(errors: RowErrors, n: int, raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        errors.add(n, "nilai", _("nilai harus angka 0-100 (mis. 78,5)"))
        return None
    if value != value.quantize(Decimal("0.01")):
        errors.add(n, "nilai", _("paling banyak dua angka di belakang koma"))
        return None
    return value


@transaction.atomic
def assessment_import(
    *, actor: Actor, data: bytes | IO[bytes], source: str = "asesmen.csv"
) -> dict[str, int]:
    """Potential scores for the 9-box (assessment centre, competency test), keyed by NIP,
    kind and date: a re-import updates a changed score and leaves the rest alone."""
    require(actor, sel.MANAGE)
    table = read_table(data, source=source, required=ASSESSMENT_REQUIRED)
    errors = RowErrors(source)
    employees = _employees(actor, table)
    kinds = set(AssessmentKind.values)
    parsed: list[tuple[Employee, tuple[str, dt.date], dict[str, Any]]] = []
    seen: set[tuple[str, str, dt.date]] = set()
    for n, row in table.rows:
        employee = employees.get(row["nip"])
        if employee is None:
            errors.add(
                n, "nip", _("NIP %(nip)s tidak terdaftar di pemda ini") % {"nip": row["nip"]}
            )
        kind = row["jenis"].strip().lower()
        if kind not in kinds:
            errors.add(
                n,
                "jenis",
                _("jenis harus salah satu dari: %(k)s") % {"k": ", ".join(sorted(kinds))},
            )
        score = _score(errors, n, row["nilai"].strip())
        when = _date(errors, n, row, "tanggal")
        if when is None and not row["tanggal"].strip():
            errors.add(n, "tanggal", _("wajib diisi"))
        if not row["sumber"].strip():
            errors.add(n, "sumber", _("wajib diisi (lembaga atau dokumen asal nilai)"))
        if employee is None or when is None or score is None or kind not in kinds:
            continue
        if (employee.nip, kind, when) in seen:
            errors.add(n, "tanggal", _("baris ganda untuk NIP, jenis dan tanggal ini"))
        seen.add((employee.nip, kind, when))
        parsed.append((employee, (kind, when), {"score": score, "source": row["sumber"].strip()}))
    errors.raise_if_any()
    existing = {
        (r.employee_id, (r.kind, r.assessed_on)): r
        for r in AssessmentResult.objects.filter(
            tenant=actor.tenant, employee__in=[e for e, _k, _f in parsed]
        )
    }
    counts = _upsert(
        AssessmentResult,
        existing,
        parsed,
        lambda e, k, f: AssessmentResult(
            tenant=actor.tenant, employee=e, kind=k[0], assessed_on=k[1], **f
        ),
        ASSESSMENT_FIELDS,
    )
    audit(
        actor=actor,
        action="careers.assessment.imported",
        data={"file": source, "sha256": table.sha256, **counts},
    )
    return counts
