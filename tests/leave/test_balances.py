"""Annual leave balance: carry-over over three years, deferral, cuti besar, openings, export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from pamong.attendance.calendar import calendar_for
from pamong.attendance.models import Leave
from pamong.core.actor import cli_actor
from pamong.core.errors import InputErrors
from pamong.core.models import AuditLog
from pamong.leave.balance_io import import_openings
from pamong.leave.balances import compute_balances
from pamong.leave.models import LeaveRequest, LeaveSettings, OpeningBalance
from tests.factories import EmployeeFactory
from tests.leave.conftest import d

pytestmark = pytest.mark.django_db


def used(world, start: str, end: str, kind: str = "tahunan", employee=None) -> None:
    Leave.objects.create(
        tenant=world.tenant,
        employee=employee or world.employee,
        kind=kind,
        start=d(start),
        end=d(end),
    )


def balance(world, year: int, employee=None):
    employee = employee or world.employee
    cal = calendar_for(world.tenant)
    return compute_balances(world.tenant, year, cal, employee_ids=[employee.pk])[employee.pk]


def start_tracking(world, year: int, carried: int = 0) -> None:
    LeaveSettings.objects.create(tenant=world.tenant, first_year=year)
    if carried:
        OpeningBalance.objects.create(
            tenant=world.tenant, employee=world.employee, year=year, carried_days=carried
        )


def numbers(b) -> tuple[int, int, int, int, int]:
    return b.hak_tahun_ini, b.sisa_tahun_lalu, b.hak_total, b.terpakai, b.sisa


def test_first_year_without_setting_is_twelve_days(cuti):
    used(cuti, "2026-11-02", "2026-11-04")
    assert numbers(balance(cuti, 2026)) == (12, 0, 12, 3, 9)


def test_remnant_carries_at_most_six(cuti):
    start_tracking(cuti, 2024, carried=3)
    used(cuti, "2024-03-04", "2024-03-08")  # 5 days
    assert numbers(balance(cuti, 2024)) == (12, 3, 15, 5, 10)
    assert numbers(balance(cuti, 2025)) == (12, 6, 18, 0, 18)  # remnant 10 -> 6
    # 2025 unused but 2024 was used: still capped at 6.
    assert numbers(balance(cuti, 2026)) == (12, 6, 18, 0, 18)


def test_small_remnant_carries_as_is(cuti):
    start_tracking(cuti, 2025)
    used(cuti, "2025-03-03", "2025-03-14")  # 10 days
    assert numbers(balance(cuti, 2026)) == (12, 2, 14, 0, 14)


def test_two_unused_years_give_twenty_four(cuti):
    start_tracking(cuti, 2024)
    assert numbers(balance(cuti, 2025)) == (12, 6, 18, 0, 18)
    assert numbers(balance(cuti, 2026)) == (12, 12, 24, 0, 24)
    used(cuti, "2026-01-05", "2026-01-06")
    assert numbers(balance(cuti, 2026)) == (12, 12, 24, 2, 22)


def test_years_before_tracking_do_not_count_as_unused(cuti):
    start_tracking(cuti, 2025)
    assert balance(cuti, 2026).sisa_tahun_lalu == 6


def test_deferral_by_the_official_counts_toward_twenty_four(cuti):
    start_tracking(cuti, 2025)
    used(cuti, "2025-03-03", "2025-03-04")  # 2 days used
    LeaveRequest.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="tahunan",
        start=d("2025-12-01"),
        end=d("2025-12-12"),
        working_days=10,
        reason="x",
        approver="opd_head",
        status=LeaveRequest.Status.DEFERRED,
    )
    assert numbers(balance(cuti, 2026)) == (12, 10, 22, 0, 22)


def test_leave_across_new_year_is_split_by_year(cuti):
    start_tracking(cuti, 2025)
    used(cuti, "2025-12-29", "2026-01-02")
    assert balance(cuti, 2025).terpakai == 3
    assert balance(cuti, 2026).terpakai == 2


def test_cuti_besar_forfeits_that_years_annual_leave(cuti):
    used(cuti, "2026-02-02", "2026-04-30", kind="besar")
    assert numbers(balance(cuti, 2026)) == (0, 0, 0, 0, 0)


def test_open_requests_are_pending_not_used(cuti):
    LeaveRequest.objects.create(
        tenant=cuti.tenant,
        employee=cuti.employee,
        kind="tahunan",
        start=d("2026-11-02"),
        end=d("2026-11-03"),
        working_days=2,
        reason="x",
        approver="opd_head",
    )
    b = balance(cuti, 2026)
    assert (b.terpakai, b.pending, b.sisa, b.available) == (0, 2, 12, 10)


def test_balances_use_a_fixed_number_of_queries(cuti, django_assert_max_num_queries):
    for _ in range(30):
        e = EmployeeFactory(tenant=cuti.tenant, unit=cuti.bidang, position=cuti.employee.position)
        used(cuti, "2026-03-02", "2026-03-03", employee=e)
    cal = calendar_for(cuti.tenant)
    with django_assert_max_num_queries(6):
        result = compute_balances(cuti.tenant, 2026, cal)
    assert len(result) == 35 and sum(b.terpakai for b in result.values()) == 60


def test_import_openings_is_all_or_nothing_with_row_and_column(cuti, tmp_path):
    nip = cuti.employee.nip
    bad = f"nip,tahun,sisa_tahun_lalu\n{nip},2025,4\n999,2025,3\n{cuti.peer.nip},2024,13\n"
    with pytest.raises(InputErrors) as exc:
        import_openings(actor=cli_actor(cuti.tenant), table_or_file=bad.encode(), source="o.csv")
    lines = exc.value.lines()
    assert "o.csv:3:nip: NIP 999 tidak dikenal" in lines
    assert any(line.startswith("o.csv:4:tahun: harus 2025") for line in lines)
    assert "o.csv:4:sisa_tahun_lalu: harus bilangan bulat 0–12" in lines
    assert not OpeningBalance.objects.exists() and not LeaveSettings.objects.exists()
    good = f"nip,tahun,sisa_tahun_lalu\n{nip},2025,4\n{cuti.peer.nip},2025,0\n"
    result = import_openings(actor=cli_actor(cuti.tenant), table_or_file=good.encode(), source="o")
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    again = import_openings(actor=cli_actor(cuti.tenant), table_or_file=good.encode(), source="o")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert LeaveSettings.objects.get(tenant=cuti.tenant).first_year == 2025
    assert numbers(balance(cuti, 2025)) == (12, 4, 16, 0, 16)
    assert AuditLog.objects.filter(action="leave.openings.imported").count() == 2


def test_import_openings_command_from_xlsx(cuti, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["NIP", "tahun", "sisa_tahun_lalu"])
    book.active.append([cuti.employee.nip, 2026, 5])
    path = tmp_path / "saldo.xlsx"
    book.save(path)
    out = io.StringIO()
    call_command("import_leave_balances", str(path), tenant="sofifi", stdout=out)
    assert "dibuat 1" in out.getvalue()
    assert balance(cuti, 2026).sisa_tahun_lalu == 5


def test_balances_command_writes_csv_and_xlsx(cuti, tmp_path):
    used(cuti, "2026-11-02", "2026-11-04")
    target = tmp_path / "saldo.csv"
    call_command(
        "leave_balances", tenant="sofifi", year=2026, output=str(target), stdout=io.StringIO()
    )
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert rows[0] == [
        "nip",
        "nama",
        "hak_tahun_ini",
        "sisa_tahun_lalu",
        "hak_total",
        "terpakai",
        "sisa",
    ]
    mine = next(r for r in rows if r[0] == cuti.employee.nip)
    assert mine == [cuti.employee.nip, cuti.employee.name, "12", "0", "12", "3", "9"]
    assert cuti.foreigner.nip not in target.read_text()  # other tenant
    xlsx = tmp_path / "saldo.xlsx"
    call_command(
        "leave_balances", tenant="sofifi", year=2026, output=str(xlsx), stdout=io.StringIO()
    )
    sheet = load_workbook(xlsx).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == rows[0]
    assert [cuti.employee.nip, cuti.employee.name, 12, 0, 12, 3, 9] in [list(v) for v in values]


def test_balances_command_refuses_bad_output(cuti, tmp_path):
    with pytest.raises(CommandError):
        call_command("leave_balances", tenant="sofifi", year=2026, output=str(tmp_path / "x.txt"))


def test_cli_maps_multiword_command():
    from pamong.cli import resolve_command

    known = {"leave_balances", "import_leave", "import_leave_balances"}
    assert resolve_command(["leave", "balances", "--year", "2026"], known)[0] == "leave_balances"
    assert resolve_command(["import", "leave", "balances", "f.csv"], known)[0] == (
        "import_leave_balances"
    )
    assert resolve_command(["import", "leave", "f.csv"], known)[0] == "import_leave"


def test_leave_migrated_with_pamong_import_leave_counts(cuti, tmp_path):
    path = tmp_path / "leave.csv"
    path.write_text(f"nip,jenis,mulai,selesai\n{cuti.employee.nip},tahunan,2026-03-02,2026-03-06\n")
    call_command("import_leave", str(path), tenant="sofifi", stdout=io.StringIO())
    assert numbers(balance(cuti, 2026)) == (12, 0, 12, 5, 7)
