from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pamong.core.models import Tenant
from pamong.org.models import Employee, Unit
from tests.imports.helpers import EXAMPLE, example_employees, to_csv, to_xlsx

ROOT = Path(__file__).resolve().parents[2]


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_import_commands(tenant: Tenant, tmp_path: Path) -> None:
    units = str(EXAMPLE / "units.csv")
    employees = str(EXAMPLE / "employees.csv")
    assert _call("import_units", "--tenant", "impor", units) == (
        "dibuat 4, diperbarui 0, tidak berubah 0"
    )
    assert _call("import_employees", "--tenant", "impor", employees) == (
        "dibuat 6, diperbarui 0, tidak berubah 0"
    )
    xlsx = tmp_path / "pegawai.xlsx"
    xlsx.write_bytes(to_xlsx(example_employees()))
    assert _call("import_employees", "--tenant", "impor", str(xlsx)) == (
        "dibuat 0, diperbarui 0, tidak berubah 6"
    )


def test_bad_file_reports_lines_and_exit_2(tenant: Tenant, tmp_path: Path) -> None:
    call_command(
        "import_units", "--tenant", "impor", str(EXAMPLE / "units.csv"), stdout=io.StringIO()
    )
    bad = tmp_path / "pegawai.csv"
    rows = example_employees(**{"199507212026101001": {"kode_unit": "7.7"}})
    bad.write_bytes(to_csv([{**r, "x": "1"} for r in rows]))
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_employees", "--tenant", "impor", str(bad), stderr=err)
    assert exc.value.returncode == 2
    assert err.getvalue().splitlines() == [f"{bad}:1:x: kolom tidak dikenal"]
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_employees",
            "--tenant",
            "impor",
            str(bad),
            "--ignore-unknown-columns",
            stderr=err,
        )
    assert err.getvalue().splitlines() == [f"{bad}:4:kode_unit: unit 7.7 tidak dikenal"]
    assert not Employee.objects.exists()


def test_missing_file_and_unknown_tenant(tenant: Tenant, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as exc:
        call_command(
            "import_units", "--tenant", "impor", str(tmp_path / "nope.csv"), stderr=io.StringIO()
        )
    assert exc.value.returncode == 2
    with pytest.raises(CommandError) as exc:
        call_command("import_units", "--tenant", "tidak-ada", str(EXAMPLE / "units.csv"))
    assert exc.value.returncode == 2
    assert not Unit.objects.exists()


def test_console_exit_status(tmp_path: Path) -> None:
    """The real `pamong` console command: 0 on success, 2 and FILE:ROW:COLUMN on bad input."""
    pamong = Path(sys.executable).parent / "pamong"
    if not pamong.exists():
        pamong = ROOT / ".venv" / "bin" / "pamong"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"  # Indonesian, whatever the machine's own locale

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(pamong), *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    assert run("migrate", "-v0", "--skip-checks").returncode == 0
    assert run("tenant_create", "--slug", "t", "--name", "T", "--skip-checks").returncode == 0
    ok = run("import", "units", "--tenant", "t", "--skip-checks", str(EXAMPLE / "units.csv"))
    assert (ok.returncode, ok.stdout.strip()) == (0, "dibuat 4, diperbarui 0, tidak berubah 0")
    bad = tmp_path / "units.csv"
    bad.write_text("kode,nama,kode_induk,jenis\nA,A,B,bidang\nB,B,A,bidang\n")
    result = run("import", "units", "--tenant", "t", "--skip-checks", str(bad))
    assert result.returncode == 2
    assert f"{bad}:2:kode_induk: siklus pada pohon unit" in result.stderr
