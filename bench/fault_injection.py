"""Fault injection: kill `pamong tpp run` and `pamong import attendance` at statement
boundaries and check that what they leave is either the old state or the new one, whole.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_fault \\
        python bench/fault_injection.py --employees 300 --points 8

For each command: run it once cleanly to count its SQL statements (N) and to record the
new state; then, from the old state, run it again killed with SIGKILL before statement k
for `--points` values of k spread over 1..N, and after each kill compare the state with
the old and the new one:
- attendance: a digest of the tenant's punches;
- TPP: the `pamong tpp export` CSV of the month (byte for byte).
Exit status 1 if any kill left a third state. Results: bench/RESULTS-fault-injection.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import PAMONG, ROOT, bench_env, setup_demo_tenant

SLUG = "fault"
DEVICE = "fault-bench"  # marks the punches this script imports
PYTHON = str(ROOT / ".venv/bin/python")
HOOK = str(ROOT / "bench/fault_hook.py")


def pamong(env: dict[str, str], *args: str, check: bool = True) -> str:
    done = subprocess.run([PAMONG, *args], env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise SystemExit(f"pamong {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def killed(env: dict[str, str], at: int, *args: str) -> tuple[int, int]:
    """(exit status, statements executed) of a command killed before statement `at`."""
    done = subprocess.run([PYTHON, HOOK, str(at), *args], env=env, capture_output=True, text=True)
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("statements: ")]
    return done.returncode, int(lines[-1].split()[1]) if lines else at


def shell(env: dict[str, str], code: str) -> str:
    lines = pamong(env, "shell", "--no-imports", "-c", code).strip().splitlines()
    return lines[-1] if lines else ""


PREAMBLE = (
    "from django_scopes import scopes_disabled; from django.db import connection;"
    "from pamong.core.models import Tenant;"
    f"t = Tenant.objects.get(slug='{SLUG}');"
)


def punch_digest(env: dict[str, str]) -> str:
    return shell(
        env,
        PREAMBLE + "c = connection.cursor(); c.execute("
        "\"SELECT count(*), md5(coalesce(string_agg(employee_id::text || '@' || at::text "
        "|| device, ',' ORDER BY employee_id, at), '')) FROM attendance_punch "
        'WHERE tenant_id = %s", [t.pk]); print(c.fetchone())',
    )


def drop_bench_punches(env: dict[str, str]) -> None:
    shell(
        env,
        PREAMBLE + "c = connection.cursor(); c.execute("
        f"\"DELETE FROM attendance_punch WHERE tenant_id = %s AND device = '{DEVICE}'\", [t.pk])",
    )


def set_bench_sanctions(env: dict[str, str], period: str, *, present: bool) -> None:
    """A 10% sanction for the first 40 employees in the month (new TPP inputs), or none."""
    code = (
        PREAMBLE + "import datetime as dt; from decimal import Decimal\n"
        "from pamong.tpp.models import Sanction; from pamong.org.models import Employee\n"
        "with scopes_disabled():\n"
        f"    Sanction.objects.filter(tenant=t, jenis='{DEVICE}').delete()\n"
    )
    if present:
        code += (
            "    for e in Employee.objects.filter(tenant=t).order_by('nip')[:40]:\n"
            "        Sanction.objects.create(tenant=t, employee=e, jenis='"
            + DEVICE
            + f"', percent=Decimal(10), start=dt.date.fromisoformat('{period}-01'), "
            "months=1)\n"
        )
    shell(env, code)


def draft_period(env: dict[str, str]) -> str:
    """The demo's last month, whose normal run is still a draft."""
    return shell(
        env,
        PREAMBLE + "from pamong.tpp.models import TppRun\n"
        "with scopes_disabled():\n"
        "    r = TppRun.objects.filter(tenant=t, kind='normal', status='draft')"
        ".order_by('-period').first()\n"
        "    print(r.period.strftime('%Y-%m'))",
    )


def write_punches(env: dict[str, str], period: str, path: Path, employees: int) -> None:
    """Extra punches at 12:00-12:59 for the first employees: they change nothing in the
    classification of a day that has its check-in and check-out, but they are new rows."""
    shell(
        env,
        PREAMBLE + "from pamong.org.models import Employee\n"
        "with scopes_disabled():\n"
        f"    nips = list(Employee.objects.filter(tenant=t).order_by('nip')"
        f".values_list('nip', flat=True)[:{employees}])\n"
        f"with open('{path}', 'w') as f:\n"
        "    f.write('nip,waktu,perangkat\\n')\n"
        "    for i, nip in enumerate(nips):\n"
        "        for day in range(1, 29, 3):\n"
        f"            f.write(f'{{nip}},{period}-{{day:02d}} 12:{{i % 60:02d}}:00,{DEVICE}\\n')",
    )


def points(total: int, count: int) -> list[int]:
    """`count` kill points over 1..total: the first, the last, and evenly between."""
    if total <= count:
        return list(range(1, total + 1))
    step = (total - 1) / (count - 1)
    return sorted({1 + round(i * step) for i in range(count)})


def trial_attendance(env: dict[str, str], csv: Path, count: int) -> list[str]:
    args = ["import", "attendance", "--tenant", SLUG, str(csv)]
    drop_bench_punches(env)
    old = punch_digest(env)
    _status, total = killed(env, 0, *args)
    new = punch_digest(env)
    assert new != old, "the attendance file changed nothing"
    report = [f"import attendance: {total} statements; old {old}; new {new}"]
    for at in points(total, count):
        drop_bench_punches(env)
        status, _ran = killed(env, at, *args)
        state = punch_digest(env)
        verdict = "old" if state == old else "new" if state == new else "NEITHER"
        report.append(f"  kill before statement {at:>5}: exit {status}, state {verdict}")
    return report


def trial_tpp(env: dict[str, str], period: str, count: int, tmp: Path) -> list[str]:
    args = ["tpp", "run", "--tenant", SLUG, "--period", period]

    def export(name: str) -> bytes:
        out = tmp / name
        pamong(env, "tpp", "export", "--tenant", SLUG, "--period", period, "--output", str(out))
        return out.read_bytes()

    def old_state() -> bytes:
        set_bench_sanctions(env, period, present=False)
        pamong(env, *args)
        data = export("old.csv")
        set_bench_sanctions(env, period, present=True)  # the new inputs
        return data

    old = old_state()
    _status, total = killed(env, 0, *args)
    new = export("new.csv")
    report = [f"tpp run: {total} statements; exports differ: {old != new}"]
    for at in points(total, count):
        assert old_state() == old
        status, _ran = killed(env, at, *args)
        state = export("after.csv")
        verdict = "old" if state == old else "new" if state == new else "NEITHER"
        report.append(f"  kill before statement {at:>5}: exit {status}, export {verdict}")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--points", type=int, default=8, help="kill points per command")
    options = parser.parse_args()
    env = bench_env("/tmp/pamong-fault")
    env.setdefault("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pamong_fault")
    env["PYTHONPATH"] = str(ROOT)
    setup_demo_tenant(env, SLUG, options.employees)
    period = draft_period(env)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        csv = tmp / "attendance.csv"
        write_punches(env, period, csv, 60)
        report = [f"database: {env['DATABASE_URL'].split('@')[-1]}, period {period}"]
        report += trial_attendance(env, csv, options.points)
        report += trial_tpp(env, period, options.points, tmp)
    print("\n".join(report))
    bad = [line for line in report if "NEITHER" in line]
    print(f"{len(bad)} kill(s) left a third state" if bad else "every kill left old or new")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
