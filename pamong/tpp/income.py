"""The payroll's fixed monthly income per employee, for the BPJS cap (formats.md
penghasilan.csv, tpp.md §5): import and the figures a run reads."""

from __future__ import annotations

import datetime as dt
import re
from typing import IO

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, parse_month, read_table
from pamong.org.models import Employee
from pamong.tpp.models import FixedIncome

BATCH = 2000
RUPIAH_RE = re.compile(r"^\d{1,13}$")


@transaction.atomic
def penghasilan_import(
    *,
    actor: Actor,
    data: bytes | IO[bytes],
    source: str,
    ignore_unknown_columns: bool = False,
) -> dict[str, int]:
    """Import penghasilan.csv (key nip + bulan): all-or-nothing, idempotent, set-based."""
    require(actor, "tpp.run")
    table = read_table(
        data,
        source=source,
        required=("nip", "bulan", "penghasilan_tetap"),
        ignore_unknown_columns=ignore_unknown_columns,
    )
    errors = RowErrors(source)
    nips = {values["nip"] for _row, values in table.rows}
    employees = dict(
        Employee.objects.filter(tenant=actor.tenant, nip__in=nips).values_list("nip", "id")
    )
    parsed: dict[tuple[int, dt.date], int] = {}
    for row, values in table.rows:
        employee_id = employees.get(values["nip"])
        if employee_id is None:
            errors.add(row, "nip", _("pegawai dengan NIP ini tidak ada"))
        raw = values["penghasilan_tetap"]
        if not RUPIAH_RE.match(raw):
            errors.add(
                row,
                "penghasilan_tetap",
                _("harus rupiah utuh 0 atau lebih, tanpa pemisah ribuan (mis. 5250000)"),
            )
        try:
            month = parse_month(values["bulan"])
        except ValueError as exc:
            errors.add(row, "bulan", str(exc))
            continue
        if employee_id is None or not RUPIAH_RE.match(raw):
            continue
        key = (employee_id, month)
        if key in parsed:
            errors.add(row, "bulan", _("NIP dan bulan ini sudah ada di baris lain"))
        parsed[key] = int(raw)
    errors.raise_if_any()
    months = {month for _e, month in parsed}
    existing = {
        (x.employee_id, x.month): x
        for x in FixedIncome.objects.select_for_update().filter(
            tenant=actor.tenant, employee_id__in=employees.values(), month__in=months
        )
    }
    creates, updates, unchanged = [], [], 0
    for (employee_id, month), amount in parsed.items():
        current = existing.get((employee_id, month))
        if current is None:
            creates.append(
                FixedIncome(
                    tenant=actor.tenant, employee_id=employee_id, month=month, amount=amount
                )
            )
        elif current.amount != amount:
            current.amount = amount
            updates.append(current)
        else:
            unchanged += 1
    FixedIncome.objects.bulk_create(creates, batch_size=BATCH)
    FixedIncome.objects.bulk_update(updates, ["amount", "updated_at"], batch_size=BATCH)
    counts = {"created": len(creates), "updated": len(updates), "unchanged": unchanged}
    audit(
        actor=actor,
        action="tpp.penghasilan.imported",
        data={
            "file": source,
            "sha256": table.sha256,
            "months": sorted(m.strftime("%Y-%m") for m in months),
            **counts,
        },
    )
    return counts


def income_for_month(tenant: Tenant, first: dt.date) -> dict[int, int]:
    """employee id -> penghasilan_tetap of the month (only employees with a figure)."""
    return dict(
        FixedIncome.objects.filter(tenant=tenant, month=first).values_list("employee_id", "amount")
    )


def income_months(tenant: Tenant, limit: int = 12) -> list[tuple[dt.date, int]]:
    """The latest months with figures and how many employees each has."""
    rows = (
        FixedIncome.objects.filter(tenant=tenant)
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("-month")[:limit]
    )
    return [(month, n) for month, n in rows]
