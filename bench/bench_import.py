"""Import 100,000 employees from CSV and from XLSX (issue: foundation; target < 30 s each).

Generates valid units.csv and employees.csv/.xlsx (heads in every unit, explicit supervisors
for a part, PNS/CPNS/PPPK), creates fresh tenants on the database in DATABASE_URL and times
`import_units` / `import_employees` (the management commands, in-process), then a re-import
of the same file (all unchanged) and one with 10% of the rows changed.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_imp \
        .venv/bin/python bench/bench_import.py --employees 100000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = [
    "nip", "nama", "jenis_kelamin", "tanggal_lahir", "jenis_pegawai", "golongan", "jabatan",
    "jenis_jabatan", "kelas_jabatan", "kode_unit", "nip_atasan", "status", "tmt_unit",
    "tanggal_berhenti", "email", "telepon",
]  # fmt: skip
PNS_GOL = ["II/a", "II/b", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]
PPPK_GOL = ["V", "VII", "IX"]


def ensure_database(url: str) -> None:
    if url.startswith("postgres"):
        name = urllib.parse.urlparse(url).path.lstrip("/")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False,
                       stderr=subprocess.DEVNULL)  # fmt: skip


def make_units(opds: int, bidang: int, seksi: int) -> list[list[str]]:
    rows = []
    for o in range(1, opds + 1):
        rows.append([f"{o}", f"Dinas {o}", "", "opd"])
        for b in range(1, bidang + 1):
            rows.append([f"{o}.{b}", f"Bidang {o}.{b}", f"{o}", "bidang"])
            for s in range(1, seksi + 1):
                rows.append([f"{o}.{b}.{s}", f"Seksi {o}.{b}.{s}", f"{o}.{b}", "seksi"])
    return rows


def make_employees(n: int, units: list[list[str]]) -> list[list[str]]:
    """Heads first (one per unit), then staff spread over the seksi."""
    serials: dict[str, int] = {}
    base = dt.date(1965, 1, 1)

    def nip(i: int, kind: str, gender: str) -> tuple[str, dt.date]:
        birth = base + dt.timedelta(days=(i * 7919) % 12000)
        year = birth.year + 20 + i % 12
        middle = f"{year}21" if kind == "PPPK" else f"{year}{(i % 12) + 1:02d}"
        prefix = f"{birth:%Y%m%d}{middle}{'1' if gender == 'L' else '2'}"
        serials[prefix] = serials.get(prefix, 0) + 1
        return f"{prefix}{serials[prefix]:03d}", birth

    rows: list[list[str]] = []
    head_of: dict[str, str] = {}
    kinds = {"opd": ("jpt", 14), "bidang": ("administrator", 11), "seksi": ("pengawas", 9)}
    for i, (code, _name, _parent, unit_kind) in enumerate(units):
        kind, kelas = kinds[unit_kind]
        gender = "L" if i % 2 else "P"
        number, birth = nip(i, "PNS", gender)
        head_of[code] = number
        rows.append([
            number, f"Kepala {code}", gender, birth.isoformat(), "PNS", "IV/a",
            f"Kepala {unit_kind} {code}", kind, str(kelas), code, "", "aktif", "", "",
            "", "",
        ])  # fmt: skip
    seksi = [u[0] for u in units if u[3] == "seksi"]
    for i in range(len(rows), n):
        unit = seksi[i % len(seksi)]
        employee_type = ("PNS", "PNS", "CPNS", "PPPK")[i % 4]
        gender = "L" if i % 3 else "P"
        number, birth = nip(i, employee_type, gender)
        gol = PPPK_GOL[i % 3] if employee_type == "PPPK" else PNS_GOL[i % len(PNS_GOL)]
        fungsional = i % 5 == 0
        # Every tenth staff member reports to the bidang head explicitly.
        atasan = head_of[unit.rsplit(".", 1)[0]] if i % 10 == 0 else ""
        rows.append([
            number, f"Pegawai {i}", gender, birth.isoformat(), employee_type, gol,
            "Analis SDM" if fungsional else "Pengelola Data", "fungsional" if fungsional
            else "pelaksana", "8" if fungsional else "6", unit, atasan, "aktif",
            "2020-01-02" if i % 7 == 0 else "", "", f"p{i}@pemda.go.id" if i % 2 else "",
            "",
        ])  # fmt: skip
    return rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label: str, func: object, *args: object) -> float:
    started = time.perf_counter()
    out = func(*args)  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"{label:<48} {seconds:7.2f} s   {out}", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--opds", type=int, default=40)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--phases", action="store_true", help="log the import's phases")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("warning: DATABASE_URL is not PostgreSQL; the target is for PostgreSQL")
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    if args.phases:
        import logging

        logging.basicConfig(format="    %(message)s")
        logging.getLogger("pamong.imports").setLevel(logging.DEBUG)
    from django.core.management import call_command
    from django_scopes import scopes_disabled

    from pamong.core.models import Tenant
    from pamong.org.models import Employee

    call_command("migrate", verbosity=0)
    units = make_units(args.opds, 10, 5)
    employees = make_employees(args.employees, units)
    stamp = time.strftime("%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="pamong-bench-"))
    files = {
        "units.csv": to_csv(["kode", "nama", "kode_induk", "jenis"], units),
        "employees.csv": to_csv(HEADER, employees),
    }
    started = time.perf_counter()
    if "xlsx" in args.formats:
        files["employees.xlsx"] = to_xlsx(HEADER, employees)
    print(f"generated {len(units)} units, {len(employees)} employees "
          f"(xlsx written in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    changed = [list(r) for r in employees]
    for row in changed[::10]:
        row[1] += " (ubah)"
    files["employees-changed.csv"] = to_csv(HEADER, changed)
    for name, data in files.items():
        (work / name).write_bytes(data)
        print(f"  {name}: {len(data) / 2**20:.1f} MB")

    def run(command: str, tenant: str, name: str) -> str:
        out = io.StringIO()
        call_command(command, "--tenant", tenant, str(work / name), stdout=out)
        return out.getvalue().strip()

    results = {}
    for fmt in args.formats.split(","):
        slug = f"bench-{fmt}-{stamp}"
        call_command("tenant_create", slug=slug, name=f"Bench {fmt}", stdout=io.StringIO())
        timed(f"[{fmt}] import units ({len(units)})", run, "import_units", slug, "units.csv")
        results[fmt] = timed(
            f"[{fmt}] import {len(employees)} employees (new)",
            run, "import_employees", slug, f"employees.{fmt}",
        )  # fmt: skip
        results[f"{fmt}-again"] = timed(
            f"[{fmt}] re-import the same file (unchanged)",
            run, "import_employees", slug, f"employees.{fmt}",
        )  # fmt: skip
    slug = f"bench-csv-{stamp}"
    results["changed"] = timed(
        "[csv] re-import with 10% of rows changed", run, "import_employees", slug,
        "employees-changed.csv",
    )  # fmt: skip
    with scopes_disabled():
        tenant = Tenant.objects.get(slug=slug)
        with_supervisor = Employee.objects.filter(tenant=tenant, supervisor__isnull=False).count()
    print(f"employees with a resolved supervisor: {with_supervisor}")
    print("target: < 30 s for each new import; " + ", ".join(
        f"{k} {v:.1f} s" for k, v in results.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
