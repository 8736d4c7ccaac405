"""Parse and check the rows of employees.csv one by one (column rules of formats.md)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from pamong.imports.tabular import RowErrors, parse_date
from pamong.org.models import Education, EmployeeStatus, EmployeeType, Gender, PositionKind
from pamong.org.nip import nip_problems
from pamong.org.services import golongan_problem

REQUIRED = [
    "nip", "nama", "jenis_kelamin", "tanggal_lahir", "jenis_pegawai", "golongan", "jabatan",
    "jenis_jabatan", "kelas_jabatan", "kode_unit",
]  # fmt: skip
# A strict subset of what Django's EmailValidator accepts; only other addresses go
# through the (slow, for 100,000 rows) full validator.
PLAIN_EMAIL_RE = re.compile(
    r"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\Z"
)
OPTIONAL = [
    "nip_atasan", "status", "tmt_unit", "tanggal_berhenti", "email", "telepon", "mulai_kontrak",
    "akhir_kontrak", "tmt_pangkat", "pendidikan", "tmt_kgb", "mkg_tahun",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class UnitInfo:
    pk: int
    opd_id: int | None
    label: str


@dataclass(slots=True)
class Row:
    number: int
    nip: str
    name: str
    gender: str
    birth_date: dt.date
    employee_type: str
    golongan: str
    position: tuple[str, str, int]  # (jabatan, jenis_jabatan, kelas_jabatan)
    unit: UnitInfo
    supervisor_nip: str
    status: str
    tmt_unit: dt.date | None
    end_date: dt.date | None
    email: str
    phone: str
    contract_start: dt.date | None = None
    contract_end: dt.date | None = None
    # Career facts the KP and KGB due lists count from (named as the model fields).
    tmt_pangkat: dt.date | None = None
    education: str = ""
    tmt_kgb: dt.date | None = None
    mkg_years: int | None = None


def _choice(value: str, choices: list[str], column: str, number: int, errors: RowErrors) -> str:
    if value not in choices:
        errors.add(
            number,
            column,
            _("nilai %(value)s tidak dikenal; pilih salah satu: %(choices)s")
            % {"value": value or "''", "choices": ", ".join(choices)},
        )
    return value


def _date(value: str, column: str, number: int, errors: RowErrors) -> dt.date | None:
    if not value:
        return None
    if value.endswith(" 00:00:00"):  # an Excel date cell read as a date-time
        value = value[:-9]
    try:
        return parse_date(value)
    except ValueError as exc:
        errors.add(number, column, str(exc))
        return None


def _text(value: str, column: str, limit: int, number: int, errors: RowErrors) -> str:
    if len(value) > limit:
        errors.add(number, column, _("terlalu panjang (maksimum %(n)s karakter)") % {"n": limit})
    return value


def _optional_fields(
    number: int, cells: dict[str, str], errors: RowErrors
) -> tuple[dt.date | None, dt.date | None, str, str]:
    tmt = _date(cells.get("tmt_unit", ""), "tmt_unit", number, errors)
    end = _date(cells.get("tanggal_berhenti", ""), "tanggal_berhenti", number, errors)
    if tmt and end and end < tmt:
        errors.add(number, "tanggal_berhenti", _("tanggal berhenti sebelum TMT unit"))
    email = _text(cells.get("email", ""), "email", 254, number, errors)
    if email and not PLAIN_EMAIL_RE.match(email):
        try:
            validate_email(email)
        except ValidationError:
            errors.add(number, "email", _("alamat email tidak sah"))
    phone = _text(cells.get("telepon", ""), "telepon", 30, number, errors)
    return tmt, end, email, phone


def _contract(
    number: int, cells: dict[str, str], employee_type: str, errors: RowErrors
) -> tuple[dt.date | None, dt.date | None]:
    """A PPPK's contract (mulai_kontrak, akhir_kontrak): both or neither, end after start."""
    start = _date(cells.get("mulai_kontrak", ""), "mulai_kontrak", number, errors)
    end = _date(cells.get("akhir_kontrak", ""), "akhir_kontrak", number, errors)
    if start is None and end is None:
        return None, None
    if employee_type != EmployeeType.PPPK:
        errors.add(number, "mulai_kontrak", _("masa kontrak hanya untuk PPPK"))
    elif start is None or end is None:
        column = "mulai_kontrak" if start is None else "akhir_kontrak"
        errors.add(number, column, _("isi mulai dan akhir kontrak bersama-sama"))
    elif end < start:
        errors.add(number, "akhir_kontrak", _("akhir kontrak sebelum mulai kontrak"))
    return start, end


def _career(
    number: int, cells: dict[str, str], birth: dt.date | None, errors: RowErrors
) -> tuple[dt.date | None, str, dt.date | None, int | None]:
    """tmt_pangkat, pendidikan, tmt_kgb, mkg_tahun: all optional, each checked on its own."""
    tmt_pangkat = _date(cells.get("tmt_pangkat", ""), "tmt_pangkat", number, errors)
    tmt_kgb = _date(cells.get("tmt_kgb", ""), "tmt_kgb", number, errors)
    for column, value in (("tmt_pangkat", tmt_pangkat), ("tmt_kgb", tmt_kgb)):
        if value is not None and birth is not None and value < birth:
            errors.add(number, column, _("sebelum tanggal lahir"))
    education = cells.get("pendidikan", "").upper().replace("-", "").replace("/", "")
    education = EDUCATION_ALIASES.get(education, education)
    if education:
        _choice(education, EDUCATIONS, "pendidikan", number, errors)
    raw = cells.get("mkg_tahun", "")
    mkg = int(raw) if raw.isdigit() else None
    if raw and (mkg is None or mkg > 40):
        errors.add(number, "mkg_tahun", _("harus bilangan bulat 0-40"))
        mkg = None
    return tmt_pangkat, education, tmt_kgb, mkg


GENDERS = list(Gender.values)
EDUCATIONS = list(Education.values)
EDUCATION_ALIASES = {"SMA": "SLTA", "SMK": "SLTA", "SLTP": "SMP", "DI": "D1", "DII": "D2",
                     "DIII": "D3", "DIV": "D4"}  # fmt: skip
TYPES = list(EmployeeType.values)
KINDS = list(PositionKind.values)
STATUSES = list(EmployeeStatus.values)


def parse_row(
    number: int, cells: dict[str, str], units: dict[str, UnitInfo], errors: RowErrors
) -> Row | None:
    """The row as typed values, or None after adding its problems to `errors`."""
    before = len(errors.errors)
    get = cells.get
    nip = get("nip", "")
    name = get("nama", "")
    if not name:
        errors.add(number, "nama", _("wajib diisi"))
    _text(name, "nama", 200, number, errors)
    gender = _choice(get("jenis_kelamin", "").upper(), GENDERS, "jenis_kelamin", number, errors)
    birth_raw = get("tanggal_lahir", "")
    birth = _date(birth_raw, "tanggal_lahir", number, errors)
    if not birth_raw:
        errors.add(number, "tanggal_lahir", _("wajib diisi"))
    employee_type = _choice(
        get("jenis_pegawai", "").upper(), TYPES, "jenis_pegawai", number, errors
    )
    for problem in nip_problems(
        nip,
        employee_type=employee_type,
        birth_date=birth,
        gender=gender if gender in GENDERS else None,
    ):
        errors.add(number, "nip", problem)
    golongan = get("golongan", "")
    if employee_type in TYPES:
        golongan_error = golongan_problem(employee_type, golongan)
        if golongan_error:
            errors.add(number, "golongan", golongan_error)
    position_name = get("jabatan", "")
    if not position_name:
        errors.add(number, "jabatan", _("wajib diisi"))
    _text(position_name, "jabatan", 200, number, errors)
    kind = _choice(get("jenis_jabatan", "").lower(), KINDS, "jenis_jabatan", number, errors)
    kelas_raw = get("kelas_jabatan", "")
    kelas = int(kelas_raw) if kelas_raw.isdigit() else 0
    if not 1 <= kelas <= 17:
        errors.add(number, "kelas_jabatan", _("kelas jabatan harus bilangan bulat 1 sampai 17"))
    unit_code = get("kode_unit", "")
    unit = units.get(unit_code)
    if unit is None:
        errors.add(
            number, "kode_unit", _("unit %(code)s tidak dikenal") % {"code": unit_code or "''"}
        )
    status = _choice(get("status", "") or "aktif", STATUSES, "status", number, errors)
    tmt, end, email, phone = _optional_fields(number, cells, errors)
    contract = _contract(number, cells, employee_type, errors)
    career = _career(number, cells, birth, errors)
    if len(errors.errors) > before or birth is None or unit is None:
        return None
    return Row(
        number=number,
        nip=nip,
        name=name,
        gender=gender,
        birth_date=birth,
        employee_type=employee_type,
        golongan=golongan,
        position=(position_name, kind, kelas),
        unit=unit,
        supervisor_nip=get("nip_atasan", ""),
        status=status,
        tmt_unit=tmt,
        end_date=end,
        email=email,
        phone=phone,
        contract_start=contract[0],
        contract_end=contract[1],
        tmt_pangkat=career[0],
        education=career[1],
        tmt_kgb=career[2],
        mkg_years=career[3],
    )


def parse_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    units: dict[str, UnitInfo],
    stored_nips: set[str],
    errors: RowErrors,
) -> list[Row]:
    """Every row parsed; duplicate NIPs and unknown supervisors are problems too."""
    parsed: list[Row] = []
    first_row: dict[str, int] = {}
    wanted_supervisors: list[tuple[int, str, str]] = []
    for number, cells in rows:
        nip = cells.get("nip", "")
        if nip in first_row:
            errors.add(
                number,
                "nip",
                _("NIP %(nip)s ganda (sudah ada di baris %(row)s)")
                % {"nip": nip, "row": first_row[nip]},
            )
            continue
        if nip:
            first_row[nip] = number
        row = parse_row(number, cells, units, errors)
        supervisor = cells.get("nip_atasan", "")
        if supervisor:
            wanted_supervisors.append((number, nip, supervisor))
        if row is not None:
            parsed.append(row)
    for number, nip, supervisor in wanted_supervisors:
        if supervisor == nip:
            errors.add(number, "nip_atasan", _("atasan tidak boleh pegawai itu sendiri"))
        elif supervisor not in first_row and supervisor not in stored_nips:
            errors.add(
                number,
                "nip_atasan",
                _("atasan dengan NIP %(nip)s tidak dikenal") % {"nip": supervisor},
            )
    return parsed
