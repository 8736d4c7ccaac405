"""Opening balances in (CSV/XLSX, all-or-nothing) and annual balances out (CSV/XLSX).

Opening balances file: `nip, tahun, sisa_tahun_lalu` (key nip + tahun): the annual-leave
remnant carried into `tahun`, the first year Pamong tracks (0–12 working days). Importing
sets the tenant's first tracked year when it is not set yet; all rows must name that year.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.attendance.calendar import calendar_for
from pamong.core import spreadsheet
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.permissions import perm_opds, require
from pamong.imports.common import ImportResult, load_table
from pamong.imports.tabular import RowErrors, Table
from pamong.org.models import Employee

from .balances import COLUMNS, Balance, compute_balances
from .models import LeaveSettings, OpeningBalance
from .rules import CARRY_MAX


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _check_rows(
    table: Table, nips: dict[str, int], year: int | None, errors: RowErrors
) -> tuple[int | None, dict[int, tuple[int, int]]]:
    """(the opening year, employee id -> (row, days)); problems go to `errors`."""
    rows: dict[int, tuple[int, int]] = {}
    for number, cells in table.rows:
        nip = cells["nip"]
        if not nip:
            errors.add(number, "nip", _("wajib diisi"))
        elif nip not in nips:
            errors.add(number, "nip", _("NIP %(nip)s tidak dikenal") % {"nip": nip})
        row_year = _int(cells["tahun"])
        if row_year is None or not 2000 <= row_year <= 2100:
            errors.add(number, "tahun", _("tahun harus berupa angka, mis. 2026"))
        elif year is None:
            year = row_year
        elif row_year != year:
            message = _("harus %(year)s, tahun pertama yang dicatat Pamong") % {"year": year}
            errors.add(number, "tahun", message)
        days = _int(cells["sisa_tahun_lalu"])
        if days is None or days > CARRY_MAX:
            message = _("harus bilangan bulat 0–%(max)s") % {"max": CARRY_MAX}
            errors.add(number, "sisa_tahun_lalu", message)
        if nip in nips and days is not None:
            if nips[nip] in rows:
                message = _("ganda dengan baris %(row)s") % {"row": rows[nips[nip]][0]}
                errors.add(number, "nip", message)
            rows[nips[nip]] = (number, days)
    return year, rows


@transaction.atomic
def import_openings(
    *,
    actor: Actor,
    table_or_file: Table | bytes | IO[bytes] | Path | str,
    source: str,
    ignore_unknown_columns: bool = False,
) -> ImportResult:
    require(actor, "leave.manage")
    tenant = actor.tenant
    assert tenant is not None
    table = load_table(
        table_or_file,
        source=source,
        required=["nip", "tahun", "sisa_tahun_lalu"],
        optional=["nama"],
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(table.source)
    nips = dict(Employee.objects.filter(tenant=tenant).values_list("nip", "pk"))
    settings = LeaveSettings.objects.select_for_update().filter(tenant=tenant).first()
    year, rows = _check_rows(table, nips, settings.first_year if settings else None, errors)
    errors.raise_if_any()
    if year is None or not rows:
        return ImportResult(0, 0, 0)
    LeaveSettings.objects.update_or_create(tenant=tenant, defaults={"first_year": year})
    existing = {o.employee_id: o for o in OpeningBalance.objects.filter(tenant=tenant, year=year)}
    new, changed, unchanged = [], [], 0
    for employee_id, (_row, days) in rows.items():
        opening = existing.get(employee_id)
        if opening is None:
            new.append(
                OpeningBalance(tenant=tenant, employee_id=employee_id, year=year, carried_days=days)
            )
        elif opening.carried_days != days:
            opening.carried_days = days
            changed.append(opening)
        else:
            unchanged += 1
    OpeningBalance.objects.bulk_create(new, batch_size=1000)
    OpeningBalance.objects.bulk_update(changed, ["carried_days"], batch_size=1000)
    result = ImportResult(created=len(new), updated=len(changed), unchanged=unchanged)
    audit(
        actor=actor,
        action="leave.openings.imported",
        data={"file": table.source, "sha256": table.sha256, "year": year, **result.as_dict()},
    )
    return result


def tenant_balances(actor: Actor, year: int) -> list[Balance]:
    """Every employee's balance for `year`, ordered by NIP (needs leave.view_all)."""
    require(actor, "leave.view_all")
    assert actor.tenant is not None
    cal = calendar_for(actor.tenant)
    opds = perm_opds(actor, "leave.view_all")  # an OPD-limited role: those OPDs only
    ids = (
        None
        if opds is None
        else list(
            Employee.objects.filter(tenant=actor.tenant, opd_id__in=opds).values_list(
                "pk", flat=True
            )
        )
    )
    return list(compute_balances(actor.tenant, year, cal, employee_ids=ids).values())


def balances_csv(balances: list[Balance]) -> bytes:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(b.row() for b in balances)
    return out.getvalue().encode("utf-8")


def balances_xlsx(balances: list[Balance], year: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"cuti {year}")
    spreadsheet.xlsx_append(sheet, COLUMNS)
    for balance in balances:
        spreadsheet.xlsx_append(sheet, balance.row())  # the NIP stays text, the counts are numbers
    binary = io.BytesIO()
    workbook.save(binary)
    return binary.getvalue()
