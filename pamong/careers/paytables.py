"""Gaji pokok lookup on the versioned tables of `paydata` (domain.md §3.1-3.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pamong.careers.paydata import TABLES


@dataclass(frozen=True)
class PayTable:
    kind: str  # "PNS" (also CPNS, at 80 %) or "PPPK"
    source: str
    effective_from: dt.date
    complete: bool
    rows: dict[str, dict[int, int]]


@dataclass(frozen=True)
class GajiPokok:
    amount: int | None  # rupiah; None when the table has no row for it
    mkg_row: int | None  # the MKG row used (largest row <= MKG)
    table: PayTable | None


PAY_TABLES = [PayTable(*row) for row in TABLES]


def table_kind(employee_type: str) -> str:
    return "PPPK" if employee_type == "PPPK" else "PNS"


def table_for(employee_type: str, on: dt.date) -> PayTable | None:
    """The table in force on a date (the latest effective_from on or before it)."""
    kind = table_kind(employee_type)
    found = None
    for table in PAY_TABLES:
        newer = found is None or table.effective_from > found.effective_from
        if table.kind == kind and table.effective_from <= on and newer:
            found = table
    return found


def gaji_pokok(employee_type: str, golongan: str, mkg_years: int, on: dt.date) -> GajiPokok:
    """Gaji pokok for a golongan and MKG on a date: the largest MKG row <= MKG.

    CPNS receive 80 % of the PNS amount (domain.md §3.1), rounded down to the rupiah.
    """
    table = table_for(employee_type, on)
    if table is None:
        return GajiPokok(None, None, None)
    rows = table.rows.get(golongan, {})
    eligible = [m for m in rows if m <= mkg_years]
    if not eligible:
        return GajiPokok(None, None, table)
    row = max(eligible)
    # An incomplete table (PPPK) only knows its first row: above it the amount is unknown.
    if not table.complete and row != mkg_years:
        return GajiPokok(None, None, table)
    amount = rows[row]
    if employee_type == "CPNS":
        amount = amount * 80 // 100
    return GajiPokok(amount, row, table)
