"""The run's result as CSV or XLSX, exactly the columns of tpp.md §7."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from pamong.core import spreadsheet
from pamong.tpp.engine import MONEY_COLUMNS, format_percent
from pamong.tpp.models import TppRun, TppSlip

COLUMNS = [
    "nip", "nama", "kode_unit", "jenis_pegawai", "golongan", "kelas_jabatan", "hari_kerja",
    "hari_dibayar", "tpp_dasar", "predikat", "kinerja", "potongan_disiplin_persen", "disiplin",
    "potongan_hukdis", "bruto", "pph21", "iuran_bpjs", "netto", "keterangan",
]  # fmt: skip
_FIELDS = [
    "nip", "name", "unit_code", "employee_type", "golongan", "kelas", "hari_kerja",
    "hari_dibayar", "tpp_dasar", "predikat", "kinerja", "potongan_disiplin_persen", "disiplin",
    "potongan_hukdis", "bruto", "pph21", "iuran_bpjs", "netto", "keterangan",
]  # fmt: skip


def export_rows(run: TppRun, opds: frozenset[int] | None = None) -> Iterator[list[Any]]:
    """Header, one row per slip in NIP order (typed values), then the TOTAL row; `opds`
    keeps the slips of those OPDs only (an OPD-limited viewer)."""
    yield list(COLUMNS)
    sums = dict.fromkeys(MONEY_COLUMNS, 0)
    slips = TppSlip.objects.filter(tenant_id=run.tenant_id, run=run).order_by("nip")
    if opds is not None:
        slips = slips.filter(opd_id__in=opds)
    for values in slips.values_list(*_FIELDS).iterator(chunk_size=5000):
        row = list(values)
        row[11] = format_percent(row[11])
        for name in MONEY_COLUMNS:
            sums[name] += row[COLUMNS.index(name)]
        yield row
    total: list[Any] = [""] * len(COLUMNS)
    total[0] = "TOTAL"
    for name in MONEY_COLUMNS:
        total[COLUMNS.index(name)] = sums[name]
    yield total


def export_csv(run: TppRun, opds: frozenset[int] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer)  # RFC 4180 line ends (CRLF), as the published example
    writer.writerows(export_rows(run, opds))
    return buffer.getvalue().encode("utf-8")


def export_xlsx(run: TppRun, opds: frozenset[int] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"TPP {run.period:%Y-%m}")
    for row in export_rows(run, opds):
        spreadsheet.xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BANK_COLUMNS = ["nip", "nama", "bank", "nomor_rekening", "jumlah", "keterangan"]


def bank_transfer_csv(run: TppRun) -> bytes:
    """One transfer per employee with a positive netto and an account (approved runs only)."""
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer)
    writer.writerow(BANK_COLUMNS)
    note = f"TPP {run.period:%Y-%m}" + (
        " penyesuaian" if run.kind == TppRun.Kind.ADJUSTMENT else ""
    )
    slips = (
        TppSlip.objects.filter(tenant_id=run.tenant_id, run=run, netto__gt=0)
        .exclude(bank_account="")
        .order_by("nip")
        .values_list("nip", "name", "bank_name", "bank_account", "netto")
    )
    for values in slips.iterator(chunk_size=5000):
        writer.writerow([*values, note])
    return buffer.getvalue().encode("utf-8")
