"""SKM import (`pamong import skm FILE`) and the IKM report (`pamong skm report`).

Import key (formats.md gives none for skm.csv): questionnaires are anonymous, so a row is
identified by its content. The key is the SHA-256 of the normalised row (kode_unit, layanan,
tanggal, u1..u9 and the profile) plus the row's occurrence number among identical rows of
the same file: three identical rows are three respondents, keyed `<hash>:1`..`<hash>:3`.
Re-importing a file therefore changes nothing, and a file holding k identical rows makes
sure k such responses exist. Consequence: an identical response in two *different* files
counts once, unless one file holds it more often. Since the key is the content, a row is
either created or unchanged; `updated` is always 0.

Report reading of formats.md (where it leaves room):
- rows cover responses whose `tanggal` lies in [--from, --to], both inclusive;
- the unit row (`layanan` = `*`) pools all responses of the unit (not a mean of the
  services' IKM); the tenant row (`kode_unit` = `*`) pools all responses of the tenant;
- groups without responses produce no row; with no responses at all only the header is
  written;
- order: units by `kode_unit`, within a unit its services by `layanan` followed by the
  unit's `*` row, and the tenant row last (plain code-point ordering of the strings).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from pamong.core import spreadsheet
from pamong.core.actor import Actor
from pamong.core.audit import audit
from pamong.core.cli import progress
from pamong.core.models import Tenant
from pamong.core.permissions import require
from pamong.imports.tabular import RowErrors, Table, parse_date, read_table
from pamong.org.models import Unit
from pamong.participation.ikm import Ikm, minimum_sample
from pamong.participation.models import UNSUR_FIELDS, SkmResponse, SkmService

REQUIRED = ["kode_unit", "layanan", "tanggal", *UNSUR_FIELDS]
PROFILE = ["jenis_kelamin", "pendidikan", "pekerjaan", "usia"]
REPORT_HEADER = [
    "kode_unit",
    "layanan",
    "responden",
    *(f"nrr_{f}" for f in UNSUR_FIELDS),
    "ikm",
    "ikm_konversi",
    "mutu",
    "kinerja",
]
GENDERS = {"l": "L", "p": "P", "laki-laki": "L", "perempuan": "P"}
WRITE_BATCH = 1000


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    services_created: int


@dataclass(frozen=True)
class _Row:
    line: int
    unit: Unit
    layanan: str
    date: dt.date
    scores: tuple[int, ...]
    profile: tuple[str, str, str, int | None]


def _parse_profile(
    line: int, cells: dict[str, str], errors: RowErrors
) -> tuple[str, str, str, int | None]:
    gender = cells.get("jenis_kelamin", "")
    if gender:
        gender = GENDERS.get(gender.lower(), "")
        if not gender:
            errors.add(line, "jenis_kelamin", _("harus L atau P"))
    texts = []
    for name in ("pendidikan", "pekerjaan"):
        text = cells.get(name, "")
        if len(text) > 60:
            errors.add(line, name, _("terlalu panjang (maksimum 60 karakter)"))
        texts.append(text)
    usia: int | None = None
    if cells.get("usia"):
        if not cells["usia"].isdigit() or not 1 <= int(cells["usia"]) <= 120:
            errors.add(line, "usia", _("usia harus bilangan bulat 1 sampai 120"))
        else:
            usia = int(cells["usia"])
    return gender, texts[0], texts[1], usia


def _parse_row(
    line: int, cells: dict[str, str], units: dict[str, Unit], errors: RowErrors
) -> _Row | None:
    before = len(errors.errors)
    unit = units.get(cells["kode_unit"])
    if not cells["kode_unit"]:
        errors.add(line, "kode_unit", _("wajib diisi"))
    elif unit is None:
        errors.add(line, "kode_unit", _("unit tidak dikenal"))
    layanan = cells["layanan"]
    if not layanan or layanan == "*":
        errors.add(line, "layanan", _("wajib diisi"))
    elif len(layanan) > 200:
        errors.add(line, "layanan", _("terlalu panjang (maksimum 200 karakter)"))
    date = None
    try:
        date = parse_date(cells["tanggal"])
    except ValueError as exc:
        errors.add(line, "tanggal", str(exc))
    scores: list[int] = []
    for name in UNSUR_FIELDS:
        value = cells[name]
        if value not in {"1", "2", "3", "4"}:
            errors.add(line, name, _("nilai harus 1, 2, 3 atau 4"))
        else:
            scores.append(int(value))
    profile = _parse_profile(line, cells, errors)
    if len(errors.errors) > before or unit is None or date is None:
        return None
    return _Row(line, unit, layanan, date, tuple(scores), profile)


def _row_keys(rows: list[_Row]) -> list[str]:
    seen: Counter[str] = Counter()
    keys = []
    for row in rows:
        parts = [row.unit.code, row.layanan, row.date.isoformat(), *map(str, row.scores)]
        parts += ["" if p is None else str(p) for p in row.profile]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        seen[digest] += 1
        keys.append(f"{digest}:{seen[digest]}")
    return keys


def _existing_keys(tenant_id: int, rows: list[_Row]) -> set[str]:
    """Import keys already stored for the file's date span: one indexed range query."""
    if not rows:
        return set()
    dates = [row.date for row in rows]
    found = (
        SkmResponse.objects.filter(
            tenant_id=tenant_id,
            date__gte=min(dates),
            date__lte=max(dates),
            import_key__isnull=False,
        )
        .values_list("import_key", flat=True)
        .iterator(chunk_size=10_000)
    )
    return {key for key in found if key is not None}


def skm_import_table(*, actor: Actor, table: Table) -> ImportResult:
    """Validate every row, then write all of them or none (raises InputErrors)."""
    require(actor, "participation.manage")
    assert actor.tenant is not None
    tenant = actor.tenant
    units = {u.code: u for u in Unit.objects.filter(tenant=tenant)}
    errors = RowErrors(table.source)
    checked = progress(table.rows, total=len(table.rows), desc=_("skm: periksa"))
    rows = [r for line, cells in checked if (r := _parse_row(line, cells, units, errors))]
    errors.raise_if_any()
    keys = _row_keys(rows)
    existing = _existing_keys(tenant.pk, rows)
    new = [(row, key) for row, key in zip(rows, keys, strict=True) if key not in existing]
    with transaction.atomic():
        services = {(s.unit_id, s.name): s for s in SkmService.objects.filter(tenant=tenant)}
        wanted = {(row.unit.pk, row.layanan) for row, _key in new}
        missing = [
            SkmService(tenant=tenant, unit_id=unit_id, name=name)
            for unit_id, name in sorted(wanted - set(services))
        ]
        SkmService.objects.bulk_create(missing)
        if missing:
            services = {(s.unit_id, s.name): s for s in SkmService.objects.filter(tenant=tenant)}
        batches = range(0, len(new), WRITE_BATCH)
        for start in progress(batches, total=len(batches), desc=_("skm: simpan")):
            SkmResponse.objects.bulk_create(
                [
                    SkmResponse(
                        tenant=tenant,
                        unit=row.unit,
                        service=services[(row.unit.pk, row.layanan)],
                        date=row.date,
                        **dict(zip(UNSUR_FIELDS, row.scores, strict=True)),
                        jenis_kelamin=row.profile[0],
                        pendidikan=row.profile[1],
                        pekerjaan=row.profile[2],
                        usia=row.profile[3],
                        source=SkmResponse.Source.IMPORT,
                        import_key=key,
                    )
                    for row, key in new[start : start + WRITE_BATCH]
                ]
            )
        result = ImportResult(len(new), 0, len(rows) - len(new), len(missing))
        audit(
            actor=actor,
            action="participation.skm.import",
            data={
                "file": table.source,
                "sha256": table.sha256,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "services_created": result.services_created,
            },
        )
    return result


def skm_import(*, actor: Actor, path: Path, ignore_unknown_columns: bool = False) -> ImportResult:
    table = read_table(
        path,
        source=str(path),
        required=REQUIRED,
        optional=PROFILE,
        ignore_unknown_columns=ignore_unknown_columns,
    )
    return skm_import_table(actor=actor, table=table)


@dataclass(frozen=True)
class ReportRow:
    kode_unit: str
    layanan: str
    result: Ikm
    unit_name: str = ""
    yearly_users: int | None = None

    @property
    def minimum_sample(self) -> int | None:
        return None if self.yearly_users is None else minimum_sample(self.yearly_users)

    def cells(self) -> list[str]:
        return [self.kode_unit, self.layanan, str(self.result.responden), *self.result.printed()]


def skm_report(*, actor: Actor, date_from: dt.date, date_to: dt.date) -> list[ReportRow]:
    """IKM per service, per unit and for the tenant, ordered as formats.md asks."""
    require(actor, "participation.view")
    assert actor.tenant is not None
    return ikm_rows(actor.tenant, date_from, date_to)


def ikm_rows(tenant: Tenant, date_from: dt.date, date_to: dt.date) -> list[ReportRow]:
    """The report rows without a permission check (aggregates only: the public page uses it)."""
    sums = {f"s_{f}": Sum(f) for f in UNSUR_FIELDS}
    per_service = (
        SkmResponse.objects.filter(tenant=tenant, date__gte=date_from, date__lte=date_to)
        .values("service_id")
        .annotate(n=Count("id"), **sums)
        .order_by()
    )
    results: dict[int, Ikm] = {}
    for group in per_service:
        values = cast(dict[str, int], group)
        results[values["service_id"]] = Ikm(
            values["n"], tuple(values[f"s_{f}"] for f in UNSUR_FIELDS)
        )
    services = SkmService.objects.filter(tenant=tenant, pk__in=list(results)).select_related("unit")
    by_unit: dict[str, list[ReportRow]] = {}
    for service in services:
        by_unit.setdefault(service.unit.code, []).append(
            ReportRow(
                service.unit.code,
                service.name,
                results[service.pk],
                service.unit.name,
                service.yearly_users,
            )
        )
    rows: list[ReportRow] = []
    total: Ikm | None = None
    for code in sorted(by_unit):
        unit_total: Ikm | None = None
        for row in sorted(by_unit[code], key=lambda r: r.layanan):
            rows.append(row)
            unit_total = row.result if unit_total is None else unit_total + row.result
        assert unit_total is not None
        rows.append(ReportRow(code, "*", unit_total, by_unit[code][0].unit_name))
        total = unit_total if total is None else total + unit_total
    if total is not None:
        rows.append(ReportRow("*", "*", total))
    return rows


def write_report(rows: Iterable[ReportRow], path: Path) -> None:
    """CSV (UTF-8, header row) or, when the name ends in .xlsx, an Excel workbook."""
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    path.write_bytes(report_bytes(rows, fmt))


def report_bytes(rows: Iterable[ReportRow], fmt: str) -> bytes:
    if fmt == "xlsx":
        return _xlsx_bytes(rows)
    handle = io.StringIO(newline="")
    writer = spreadsheet.csv_writer(handle)
    writer.writerow(REPORT_HEADER)
    for row in rows:
        writer.writerow(row.cells())
    return handle.getvalue().encode("utf-8")


def _xlsx_bytes(rows: Iterable[ReportRow]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "IKM"
    spreadsheet.xlsx_append(sheet, REPORT_HEADER)
    formats = ["0.000"] * 9 + ["0.0000", "0.00"]
    for row in rows:
        cells = row.cells()
        numbers = [Decimal(v) for v in cells[3:14]]
        spreadsheet.xlsx_append(
            sheet, [cells[0], cells[1], row.result.responden, *numbers, cells[14], cells[15]]
        )
        for offset, number_format in enumerate(formats):
            sheet.cell(row=sheet.max_row, column=4 + offset).number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
