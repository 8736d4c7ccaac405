"""A run is atomic: SIGKILL in the middle of writing leaves the previous state intact.

Real processes on a file-based SQLite database (the test database of pytest is not used):
the worked example is loaded and run once, then `pamong tpp run` is started again after the
inputs changed, stopped by SIGKILL while its transaction has written the new slips, and the
month's export must still be exactly the expected one. Re-running afterwards works and is
idempotent.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.tpp.test_worked_example import EXAMPLE, SEQUENCE

SETUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
import django
django.setup()
from django.core.management import call_command
example = sys.argv[1]
call_command("migrate", verbosity=0)
call_command("tenant_create", slug="contoh", name="Kota Contoh", timezone="Asia/Makassar")
for name, file, *flags in {sequence!r}:
    call_command(name, "--tenant", "contoh", os.path.join(example, file), *flags)
call_command("tpp_run", "--tenant", "contoh", "--period", "2026-10")
"""

# The victim: drops every sanction (so a finished run would change the export), then runs
# the month through the CLI with write_slips stalled after it wrote, inside the transaction.
VICTIM = """
import os, pathlib, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
import django
django.setup()
from django_scopes import scopes_disabled
from pamong.tpp import runs
from pamong.tpp.models import Sanction
with scopes_disabled():
    Sanction.objects.all().delete()
original = runs.write_slips
def stalled(run, pairs):
    original(run, pairs)
    pathlib.Path(sys.argv[1]).write_text(str(len(pairs)))
    time.sleep(120)
runs.write_slips = stalled
from pamong.cli import main
main(["tpp", "run", "--tenant", "contoh", "--period", "2026-10"])
"""


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(PAMONG_DATA_DIR=str(tmp), DATABASE_URL=f"sqlite:///{tmp / 'run.sqlite3'}")
    return env


def _python(tmp: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=_env(tmp),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _export(tmp: Path, name: str) -> bytes:
    out = tmp / name
    pamong = Path(sys.executable).with_name("pamong")
    result = subprocess.run(
        [str(pamong), "tpp", "export", "--tenant", "contoh", "--period", "2026-10",
         "--output", str(out)],
        env=_env(tmp), capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def _counts(tmp: Path) -> tuple[int, int, int, str]:
    db = sqlite3.connect(tmp / "run.sqlite3")
    try:
        runs = db.execute("SELECT count(*), max(computed_at) FROM tpp_tpprun").fetchone()
        slips = db.execute("SELECT count(*) FROM tpp_tppslip").fetchone()[0]
        lines = db.execute("SELECT count(*) FROM tpp_tppslipline").fetchone()[0]
    finally:
        db.close()
    return runs[0], slips, lines, runs[1]


def test_sigkill_mid_run_leaves_the_previous_run_intact(tmp_path: Path) -> None:
    expected = (EXAMPLE / "expected-tpp-2026-10.csv").read_bytes()
    setup = _python(tmp_path, SETUP.format(sequence=SEQUENCE), str(EXAMPLE))
    assert setup.returncode == 0, setup.stderr
    assert _export(tmp_path, "before.csv") == expected
    before = _counts(tmp_path)

    marker = tmp_path / "written"
    victim = subprocess.Popen(
        [sys.executable, "-c", VICTIM, str(marker)],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert victim.poll() is None, victim.stderr.read() if victim.stderr else ""
            assert time.monotonic() < deadline, "the run never reached its write"
            time.sleep(0.1)
        assert marker.read_text() == "6"  # the new slips were written, uncommitted
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
    finally:
        if victim.poll() is None:
            victim.kill()
        if victim.stderr:
            victim.stderr.close()
    assert victim.returncode == -signal.SIGKILL

    # Nothing of the killed run is visible: same run row, slips, lines, export.
    assert _counts(tmp_path) == before
    assert _export(tmp_path, "after-kill.csv") == expected

    # Re-running now succeeds (the sanction is gone, so the month changes) and is idempotent.
    results = []
    for attempt in range(2):
        result = subprocess.run(
            [str(Path(sys.executable).with_name("pamong")), "tpp", "run", "--tenant", "contoh",
             "--period", "2026-10"],
            env=_env(tmp_path), capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        results.append((_export(tmp_path, f"rerun-{attempt}.csv"), _counts(tmp_path)[:3]))
    assert results[0] == results[1]
    export, (runs, slips, lines) = results[0]
    assert export != expected  # the dropped sanction shows
    assert (runs, slips) == (1, 6) and lines == before[2] - 1  # one sanction line fewer
