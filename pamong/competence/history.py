"""Import of historical training records into the JP ledger (docs/formats/competence.md).

All-or-nothing: every row is checked first and any problem is reported as FILE:ROW:COLUMN.
The key is nip + nomor_sertifikat: importing the same file again changes nothing, and a row
whose key is already in the ledger with other values is reported, not overwritten.
"""

from __future__ import annotations

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, parse_date, read_table
from pamong.org.models import Employee

from .models import JpEntry, ProgrammeKind
from .selectors import MANAGE
from .services import refresh_totals

REQUIRED = ("nip", "kegiatan", "bentuk", "jp", "selesai", "nomor_sertifikat")
OPTIONAL = ("mulai", "penyelenggara")


def _parse_row(
    actor: Actor,
    row: int,
    v: dict[str, str],
    employee: tuple[int, int | None] | None,
    errors: RowErrors,
) -> JpEntry | None:
    """The ledger row of one file row, or None after reporting its problems."""
    before = len(errors.errors)
    if employee is None:
        errors.add(row, "nip", _("pegawai dengan NIP ini tidak ada"))
    if v["bentuk"] not in ProgrammeKind.values:
        errors.add(row, "bentuk", _("bentuk tidak dikenal (lihat docs/formats/competence.md)"))
    jp = int(v["jp"]) if v["jp"].isdigit() else 0
    if not 1 <= jp <= 1000:
        errors.add(row, "jp", _("JP harus bilangan bulat 1–1000"))
    if not v["kegiatan"]:
        errors.add(row, "kegiatan", _("wajib diisi"))
    number = v["nomor_sertifikat"]
    if not number:
        errors.add(row, "nomor_sertifikat", _("wajib diisi"))
    try:
        end = parse_date(v["selesai"])
    except ValueError as exc:
        errors.add(row, "selesai", str(exc))
        return None
    if v.get("mulai"):
        try:
            if parse_date(v["mulai"]) > end:
                errors.add(row, "mulai", _("tanggal mulai setelah tanggal selesai"))
        except ValueError as exc:
            errors.add(row, "mulai", str(exc))
    if employee is None or len(errors.errors) > before:
        return None
    return JpEntry(
        tenant=actor.tenant, employee_id=employee[0], opd_id=employee[1], year=end.year,
        jp=jp, source=JpEntry.Source.IMPORT, activity_key=f"import:{number}"[:160],
        title=v["kegiatan"][:200], kind=v["bentuk"], completed_on=end,
    )  # fmt: skip


def history_import(*, actor: Actor, data: bytes | IO[bytes], source: str) -> dict[str, int]:
    require(actor, MANAGE)
    table = read_table(data, source=source, required=REQUIRED, optional=OPTIONAL)
    errors = RowErrors(source)
    nips = {v["nip"] for _r, v in table.rows}
    employees = {
        nip: (pk, opd_id)
        for nip, pk, opd_id in Employee.objects.filter(
            tenant=actor.tenant, nip__in=nips
        ).values_list("nip", "pk", "opd_id")
    }
    rows: dict[tuple[int, str], JpEntry] = {}
    first_row: dict[tuple[int, str], int] = {}
    for row, v in table.rows:
        entry = _parse_row(actor, row, v, employees.get(v["nip"]), errors)
        if entry is None:
            continue
        key = (entry.employee_id, entry.activity_key)
        if key in rows:
            errors.add(
                row,
                "nomor_sertifikat",
                _("sudah ada di baris %(r)s untuk pegawai ini") % {"r": first_row[key]},
            )
            continue
        first_row[key] = row
        rows[key] = entry
    errors.raise_if_any()
    counts = {"created": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {
            (e.employee_id, e.activity_key): e
            for e in JpEntry.objects.select_for_update().filter(
                tenant=actor.tenant,
                employee_id__in={k[0] for k in rows},
                activity_key__in={k[1] for k in rows},
            )
        }
        for key, entry in rows.items():
            old = existing.get(key)
            if old is None:
                continue
            same = (old.jp, old.year, old.kind, old.title) == (
                entry.jp, entry.year, entry.kind, entry.title,
            )  # fmt: skip
            if not same:
                errors.add(
                    first_row[key],
                    "nomor_sertifikat",
                    _("sertifikat ini sudah tercatat dengan data lain (%(jp)s JP, %(year)s)")
                    % {"jp": old.jp, "year": old.year},
                )
        errors.raise_if_any()
        new = [entry for key, entry in rows.items() if key not in existing]
        JpEntry.objects.bulk_create(new, batch_size=2000)
        refresh_totals(actor.tenant.pk, [e.employee_id for e in new], [e.year for e in new])  # type: ignore[union-attr]
        counts["created"], counts["unchanged"] = len(new), len(rows) - len(new)
        audit(
            actor=actor,
            action="competence.history.imported",
            data={"file": source, "sha256": table.sha256, **counts},
        )
    return counts
