from __future__ import annotations

import pytest

from pamong.core.actor import Actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog, Tenant
from pamong.imports.common import ImportResult
from pamong.imports.employees import import_employees
from pamong.org.models import Employee, EmployeeHistory, Position, Unit
from tests.imports.helpers import (
    EMPLOYEE_HEADER,
    example_bytes,
    example_employees,
    to_csv,
    to_xlsx,
)

KEPALA = "197805122003121002"  # jpt, head of 1.01
KABID = "198603142010012003"  # administrator, head of 1.01.01
STAFF = "199507212026101001"  # pelaksana in 1.01.01
DOKTER = "199001012019032004"
PERAWAT = "199811302024212005"  # PPPK
ANALIS = "198208082008011001"  # tugas_belajar


def _run(actor: Actor, data: bytes, **kwargs: bool) -> ImportResult:
    return import_employees(actor=actor, table_or_file=data, source="employees.csv", **kwargs)


def _state() -> tuple[int, ...]:
    return (
        Employee.objects.count(),
        Position.objects.count(),
        EmployeeHistory.objects.count(),
        AuditLog.objects.count(),
    )


def _fails(actor: Actor, data: bytes, **kwargs: bool) -> list[str]:
    before = _state()
    snapshot = list(Employee.objects.order_by("nip").values())
    with pytest.raises(InputErrors) as exc:
        _run(actor, data, **kwargs)
    assert _state() == before, "nothing may be written"
    assert list(Employee.objects.order_by("nip").values()) == snapshot
    return exc.value.lines()


def _sup(nip: str) -> str | None:
    employee = Employee.objects.select_related("supervisor").get(nip=nip)
    return employee.supervisor.nip if employee.supervisor else None


def test_example_file_imports_cleanly(with_units: Actor, tenant: Tenant) -> None:
    result = _run(with_units, example_bytes("employees.csv"))
    assert result.as_dict() == {"created": 6, "updated": 0, "unchanged": 0}
    assert _sup(STAFF) == KABID
    assert _sup(KABID) == KEPALA
    assert _sup(KEPALA) is None
    assert _sup(PERAWAT) == DOKTER
    assert _sup(DOKTER) is None  # neither the puskesmas nor its OPD has a head
    assert _sup(ANALIS) == KEPALA
    heads = dict(Unit.objects.filter(tenant=tenant).values_list("code", "head__nip"))
    assert heads == {"1.01": KEPALA, "1.01.01": KABID, "1.02": None, "1.02.05": None}
    staff = Employee.objects.get(nip=STAFF)
    assert staff.opd.code == "1.01"
    assert str(staff.tmt_unit) == "2026-10-12"
    assert staff.position.kelas == 5
    assert Employee.objects.get(nip=ANALIS).status == "tugas_belajar"
    entry = AuditLog.objects.get(action="imports.employees.imported")
    assert entry.data["created"] == 6
    assert entry.data["file"] == "employees.csv"


def test_reimport_is_idempotent(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    audits, history = AuditLog.objects.count(), EmployeeHistory.objects.count()
    stamps = dict(Employee.objects.values_list("nip", "updated_at"))
    result = _run(with_units, example_bytes("employees.csv"))
    assert result.as_dict() == {"created": 0, "updated": 0, "unchanged": 6}
    assert AuditLog.objects.count() == audits + 1  # only the import entry
    assert EmployeeHistory.objects.count() == history
    assert dict(Employee.objects.values_list("nip", "updated_at")) == stamps


def test_xlsx_imports_like_csv(with_units: Actor) -> None:
    result = _run(with_units, to_xlsx(example_employees(), EMPLOYEE_HEADER))
    assert result.created == 6
    again = _run(with_units, example_bytes("employees.csv"))
    assert again.unchanged == 6


def test_update_records_history(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    rows = example_employees(**{STAFF: {"golongan": "II/b", "kode_unit": "1.01", "nip_atasan": ""}})
    result = _run(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert result.as_dict() == {"created": 0, "updated": 1, "unchanged": 5}
    staff = Employee.objects.get(nip=STAFF)
    assert (staff.golongan, staff.unit.code) == ("II/b", "1.01")
    assert _sup(STAFF) == KEPALA  # head of the new unit
    kinds = set(EmployeeHistory.objects.filter(employee=staff).values_list("kind", "value"))
    assert ("golongan", "II/b") in kinds
    assert any(kind == "unit" and value.startswith("1.01 ") for kind, value in kinds)


def test_new_supervisor_later_in_file(with_units: Actor) -> None:
    rows = example_employees()
    rows.reverse()  # every nip_atasan now points to a later row
    assert _run(with_units, to_csv(rows, EMPLOYEE_HEADER)).created == 6
    assert _sup(STAFF) == KABID
    assert Employee.objects.get(nip=STAFF).supervisor_explicit.nip == KABID


def test_left_out_column_keeps_stored_value(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    header = [h for h in EMPLOYEE_HEADER if h not in {"status", "nip_atasan"}]
    result = _run(with_units, to_csv(example_employees(), header))
    assert result.unchanged == 6
    assert Employee.objects.get(nip=ANALIS).status == "tugas_belajar"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({STAFF: {"nip": "19950721202610100"}}, "employees.csv:4:nip: NIP harus 18 digit angka"),
        (
            {STAFF: {"tanggal_lahir": "1995-07-22"}},
            "employees.csv:4:nip: tanggal lahir 1995-07-22 tidak sama dengan NIP (1995-07-21)",
        ),
        (
            {STAFF: {"jenis_kelamin": "P"}},
            "employees.csv:4:nip: jenis kelamin P tidak sesuai dengan digit NIP (L)",
        ),
        ({STAFF: {"kode_unit": "9.99"}}, "employees.csv:4:kode_unit: unit 9.99 tidak dikenal"),
        (
            {STAFF: {"nip_atasan": "196001011990031001"}},
            "employees.csv:4:nip_atasan: atasan dengan NIP 196001011990031001 tidak dikenal",
        ),
        (
            {STAFF: {"nip_atasan": STAFF}},
            "employees.csv:4:nip_atasan: atasan tidak boleh pegawai itu sendiri",
        ),
        (
            {PERAWAT: {"golongan": "III/a"}},
            "employees.csv:6:golongan: golongan III/a tidak berlaku untuk PPPK",
        ),
        (
            {STAFF: {"kelas_jabatan": "18"}},
            "employees.csv:4:kelas_jabatan: kelas jabatan harus bilangan bulat 1 sampai 17",
        ),
        (
            {STAFF: {"tmt_unit": "12-10-2026"}},
            "employees.csv:4:tmt_unit: tanggal harus berformat YYYY-MM-DD",
        ),
        ({STAFF: {"email": "bukan-email"}}, "employees.csv:4:email: alamat email tidak sah"),
        ({STAFF: {"email": "a..b@pemda.go.id"}}, "employees.csv:4:email: alamat email tidak sah"),
    ],
)
def test_bad_cell_writes_nothing(
    with_units: Actor, change: dict[str, dict[str, str]], expected: str
) -> None:
    header = [*EMPLOYEE_HEADER, "email"]
    assert expected in _fails(with_units, to_csv(example_employees(**change), header))


def test_bad_status_and_jenis(with_units: Actor) -> None:
    rows = example_employees(**{STAFF: {"status": "cuti", "jenis_jabatan": "staf"}})
    lines = _fails(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert any(
        line.startswith("employees.csv:4:status: nilai cuti tidak dikenal") for line in lines
    )
    assert any(line.startswith("employees.csv:4:jenis_jabatan: nilai staf") for line in lines)


def test_duplicate_nip(with_units: Actor) -> None:
    rows = example_employees()
    rows.append(dict(rows[2]))
    assert _fails(with_units, to_csv(rows, EMPLOYEE_HEADER)) == [
        f"employees.csv:8:nip: NIP {STAFF} ganda (sudah ada di baris 4)"
    ]


def test_supervisor_cycle(with_units: Actor) -> None:
    # kepala -> staff -> kabid -> kepala
    rows = example_employees(**{KEPALA: {"nip_atasan": STAFF}})
    lines = _fails(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert len(lines) == 1
    assert ":nip_atasan: siklus atasan" in lines[0]


def test_two_heads_in_file(with_units: Actor) -> None:
    rows = example_employees(**{ANALIS: {"jenis_jabatan": "jpt", "status": "aktif"}})
    lines = _fails(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert lines == [
        "employees.csv:7:jenis_jabatan: unit 1.01 Badan Kepegawaian dan Pengembangan SDM "
        f"sudah punya kepala aktif lain (NIP {KEPALA})"
    ]


def test_two_heads_with_stored_head(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    rows = [r for r in example_employees() if r["nip"] == ANALIS]
    rows[0].update(jenis_jabatan="administrator", status="aktif")
    lines = _fails(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert lines[0].startswith("employees.csv:2:jenis_jabatan: unit 1.01")


def test_inactive_second_head_is_fine(with_units: Actor) -> None:
    rows = example_employees(**{ANALIS: {"jenis_jabatan": "jpt"}})  # still tugas_belajar
    assert _run(with_units, to_csv(rows, EMPLOYEE_HEADER)).created == 6


def test_every_problem_is_reported(with_units: Actor) -> None:
    rows = example_employees(
        **{STAFF: {"nip": "x", "kode_unit": ""}, DOKTER: {"tanggal_lahir": "1990-02-30"}}
    )
    lines = _fails(with_units, to_csv(rows, EMPLOYEE_HEADER))
    assert "employees.csv:4:nip: NIP harus 18 digit angka" in lines
    assert "employees.csv:4:kode_unit: unit '' tidak dikenal" in lines
    assert "employees.csv:5:tanggal_lahir: tanggal tidak sah" in lines


def test_xlsx_with_real_date_and_number_cells(with_units: Actor) -> None:
    """Excel users type dates and kelas as dates and numbers, not text."""
    import datetime as dt
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(EMPLOYEE_HEADER)
    for row in example_employees():
        cells: list[object] = [row[h] for h in EMPLOYEE_HEADER]
        cells[3] = dt.datetime.fromisoformat(row["tanggal_lahir"])
        cells[8] = int(row["kelas_jabatan"])
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    assert _run(with_units, out.getvalue()).created == 6
    assert str(Employee.objects.get(nip=STAFF).birth_date) == "1995-07-21"


def test_moving_a_unit_updates_opd_and_supervisors(with_units: Actor, tenant: Tenant) -> None:
    from pamong.imports.units import import_units

    _run(with_units, example_bytes("employees.csv"))
    assert _sup(DOKTER) is None
    # The puskesmas moves under the BKPSDM, whose head becomes the doctor's supervisor.
    units = example_bytes("units.csv").replace(b"Tanjung,1.02,", b"Tanjung,1.01,")
    result = import_units(actor=with_units, table_or_file=units, source="units.csv")
    assert result.as_dict() == {"created": 0, "updated": 1, "unchanged": 3}
    assert Employee.objects.get(nip=DOKTER).opd.code == "1.01"
    assert _sup(DOKTER) == KEPALA
    assert _sup(PERAWAT) == DOKTER  # explicit
    assert Unit.objects.get(tenant=tenant, code="1.02.05").path == "1.01/1.02.05"


def test_unusual_but_valid_email_is_accepted(with_units: Actor) -> None:
    rows = example_employees(**{STAFF: {"email": "o'brien@pemda.go.id"}})
    assert _run(with_units, to_csv(rows, [*EMPLOYEE_HEADER, "email"])).created == 6
    assert Employee.objects.get(nip=STAFF).email == "o'brien@pemda.go.id"


def test_a_transfer_by_import_revokes_roles_limited_to_the_old_opd(
    with_units: Actor, tenant: Tenant
) -> None:
    from pamong.core.models import Role, RoleGrant
    from tests.factories import UserFactory, grant

    _run(with_units, example_bytes("employees.csv"))
    staff = Employee.objects.get(nip=STAFF)
    user = UserFactory(username=STAFF, tenant=tenant, employee=staff)
    old = grant(user, Role.FINANCE, unit=Unit.objects.get(tenant=tenant, code="1.01"))
    kept = grant(user, Role.AUDITOR)
    moved = example_employees(**{STAFF: {"kode_unit": "1.02.05", "nip_atasan": ""}})
    _run(with_units, to_csv(moved))
    assert set(RoleGrant.objects.filter(user=user).values_list("pk", flat=True)) == {kept.pk}
    entry = AuditLog.objects.get(action="accounts.role.revoked")
    assert entry.data == {"role": old.role, "unit": "1.01", "reason": "transfer"}


def test_career_facts_columns_fill_the_kp_and_kgb_facts(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    rows = example_employees()
    for row in rows:
        if row["nip"] == STAFF:
            row.update(tmt_pangkat="2026-10-01", pendidikan="d-iv", tmt_kgb="2026-10-01",
                       mkg_tahun="0")  # fmt: skip
    header = [*EMPLOYEE_HEADER, "tmt_pangkat", "pendidikan", "tmt_kgb", "mkg_tahun"]
    result = _run(with_units, to_csv(rows, header))
    assert result.updated == 1
    staff = Employee.objects.get(nip=STAFF)
    assert (str(staff.tmt_pangkat), staff.education, staff.mkg_years) == ("2026-10-01", "D4", 0)
    # Leaving the columns out later keeps the facts.
    _run(with_units, example_bytes("employees.csv"))
    assert Employee.objects.get(nip=STAFF).education == "D4"


def test_career_facts_are_checked(with_units: Actor) -> None:
    _run(with_units, example_bytes("employees.csv"))
    rows = example_employees()
    for row in rows:
        if row["nip"] == STAFF:
            row.update(tmt_pangkat="1990-01-01", pendidikan="S4", mkg_tahun="41")
    header = [*EMPLOYEE_HEADER, "tmt_pangkat", "pendidikan", "mkg_tahun"]
    lines = _fails(with_units, to_csv(rows, header))
    assert any(line.startswith("employees.csv:4:tmt_pangkat:") for line in lines)
    assert any(line.startswith("employees.csv:4:pendidikan:") for line in lines)
    assert any(line.startswith("employees.csv:4:mkg_tahun:") for line in lines)
