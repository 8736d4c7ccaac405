"""The public worked example (docs/formats/example) through the CLI contract.

Runs the command sequence of docs/formats.md ("The worked example") via call_command and compares
the export with expected-tpp-2026-10.csv row by row.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

from pamong.tpp.models import TppRun, TppSlip, TppSlipLine
from tests.examples import WORKED_EXAMPLE

EXAMPLE = WORKED_EXAMPLE
SEQUENCE = [
    ("import_units", "units.csv"),
    ("import_employees", "employees.csv"),
    ("calendar_load", "calendar.yaml"),
    ("tpp_policy_load", "tpp-policy.yaml"),
    ("import_attendance", "attendance.csv", "--skip-unknown"),
    ("import_leave", "leave.csv"),
    ("import_duties", "duties.csv"),
    ("import_kinerja", "kinerja.csv"),
    ("import_sanctions", "sanctions.csv"),
]


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def example_run(db: None, tmp_path: Path) -> Path:
    missing = [name for name, *_rest in SEQUENCE if name not in get_commands()]
    assert not missing, f"commands of the worked example are missing: {missing}"
    call_command("tenant_create", slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")
    for name, file, *flags in SEQUENCE:
        call_command(name, "--tenant", "contoh", str(EXAMPLE / file), *flags)
    call_command("tpp_run", "--tenant", "contoh", "--period", "2026-10")
    out = tmp_path / "out.csv"
    call_command("tpp_export", "--tenant", "contoh", "--period", "2026-10", "--output", str(out))
    return out


def test_worked_example_gives_the_expected_export(example_run: Path) -> None:
    expected = _read(EXAMPLE / "expected-tpp-2026-10.csv")
    actual = _read(example_run)
    assert actual[0] == expected[0]
    for got, want in zip(actual, expected, strict=True):
        assert got == want, f"row {want[0]}"
    # Byte for byte too (CRLF line ends, quoting), so a diff of the files is clean.
    assert example_run.read_bytes() == (EXAMPLE / "expected-tpp-2026-10.csv").read_bytes()


def test_worked_example_explains_each_deduction(example_run: Path) -> None:
    slip = TppSlip.objects.get(nip="199811302024212005")
    lines = list(TppSlipLine.objects.filter(slip=slip).order_by("day", "id"))
    sick = [line for line in lines if line.kind == "leave"]
    # Six working days of sick leave: three free, then 2% each.
    assert [str(line.percent) for line in sick] == ["0.00"] * 3 + ["2.00"] * 3
    early = [line for line in lines if line.kind == "early_out"]
    assert len(early) == 1 and "14:25:00" in early[0].note
    assert [line.kind for line in lines if line.kind == "sanction"] == ["sanction"]
    run = TppRun.objects.get()
    assert run.hari_kerja == 21 and run.status == "draft"
    assert run.totals["netto"] == 23474082


def test_rerunning_replaces_the_draft(example_run: Path, tmp_path: Path) -> None:
    first = TppRun.objects.get()
    call_command("tpp_run", "--tenant", "contoh", "--period", "2026-10")
    assert TppRun.objects.get().pk == first.pk
    assert TppSlip.objects.count() == 6
    again = tmp_path / "again.csv"
    call_command("tpp_export", "--tenant", "contoh", "--period", "2026-10", "--output", str(again))
    assert _read(again) == _read(example_run)


def test_the_run_classifies_only_the_days_it_explains(example_run: Path) -> None:
    """A run asks classify_month for the exceptions only; that leaves out exactly the
    present days with both punches, not late and not early, and prices the same."""
    from django_scopes import scopes_disabled

    from pamong.attendance.classify import classify_month
    from pamong.core.models import Tenant
    from pamong.tpp.engine import price_days
    from pamong.tpp.services import policy_in_force, policy_of

    with scopes_disabled():
        tenant = Tenant.objects.get(slug="contoh")
        kw = {"tenant": tenant, "year": 2026, "month": 10, "with_punches": False}
        full = classify_month(**kw)
        short = classify_month(**kw, only_exceptions=True)
        policy = policy_of(policy_in_force(tenant, full.working_days[0]))
    assert full.employees.keys() == short.employees.keys()
    left_out = 0
    for employee_id, month in full.employees.items():
        other = short.employees[employee_id]
        assert other.paid_days == month.paid_days
        assert other.unpaid_leave_days == month.unpaid_leave_days
        clean = [
            d.kind == "present"
            and not (d.minutes_late or d.minutes_early or d.missing_in or d.missing_out)
            for d in month.days
        ]
        assert other.days == [d for d, c in zip(month.days, clean, strict=True) if not c]
        assert price_days(policy, other.days) == price_days(policy, month.days)
        left_out += sum(clean)
    assert left_out > 0
