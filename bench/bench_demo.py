"""`pamong demo` with one big tenant (issue: Foundation; target: 100,000 employees < 2 min).

Recreates the database in DATABASE_URL (a benchmark database of its own), migrates, then
times the exact command an operator runs, as a subprocess:

    pamong demo --tenant-slug bench --employees 100000

The figure is wall-clock time of the whole command (Python start-up, generation, commit,
module hooks). The command's own phase timings (`-v 2`) are printed too.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_demo \
        .venv/bin/python bench/bench_demo.py --employees 100000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAMONG = ROOT / ".venv" / "bin" / "pamong"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/pamong_bench_demo"


def recreate_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert name.startswith("pamong_bench"), "refusing to drop a non-benchmark database"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run([str(PAMONG), *args], env=env, check=True, capture_output=True, text=True)
    return time.monotonic() - started, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--no-hooks", action="store_true", help="org only, no module hooks")
    parser.add_argument("--months", type=int, help="months of module-hook data (default 3)")
    parser.add_argument("--keep-db", action="store_true", help="do not recreate the database")
    opts = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DATABASE_URL": url}
    if not opts.keep_db:
        recreate_database(url)
    took, _out = run(["migrate", "-v", "0"], env)
    print(f"migrate: {took:.1f} s")

    args = ["demo", "--tenant-slug", "bench", "--employees", str(opts.employees), "-v", "2"]
    if opts.no_hooks:
        args.append("--no-hooks")
    if opts.months is not None:
        args += ["--months", str(opts.months)]
    took, out = run(args, env)
    for line in out.splitlines():
        if line.startswith("bench:"):
            print(line)
    print(f"pamong {' '.join(args)}: {took:.1f} s wall clock (target < 120 s)")
    with open("/proc/loadavg", encoding="ascii") as f:
        print(f"load average after the run: {f.read().split()[0]} (on {os.cpu_count()} cores)")
    sys.exit(0 if took < 120 else 1)


if __name__ == "__main__":
    main()
