"""Helpers shared by the benchmarks that serve Pamong with gunicorn and load it over HTTP.

The scripts are run as `python bench/bench_x.py`, so this module is importable as `benchlib`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
PAMONG = str(ROOT / ".venv/bin/pamong")
GUNICORN = str(ROOT / ".venv/bin/gunicorn")


def bench_env(data_dir: str = "/tmp/pamong-bench") -> dict[str, str]:
    """The environment for the pamong commands and the server (PAMONG_DATA_DIR defaulted)."""
    return {**os.environ, "PAMONG_DATA_DIR": os.environ.get("PAMONG_DATA_DIR", data_dir)}


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in `url` if it does not exist yet."""
    if url.startswith("postgres"):
        name = urllib.parse.urlparse(url).path.lstrip("/")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False,
                       stderr=subprocess.DEVNULL)  # fmt: skip


def setup_demo_tenant(env: dict[str, str], slug: str, employees: int) -> None:
    """Migrate, collect static files and generate the demo tenant `slug` (idempotent)."""
    ensure_database(env.get("DATABASE_URL", ""))
    subprocess.run([PAMONG, "migrate", "-v", "0"], check=True, env=env)
    subprocess.run([PAMONG, "collectstatic", "--noinput", "-v", "0"], check=True, env=env)
    subprocess.run(
        [PAMONG, "demo", "--tenant-slug", slug, "--employees", str(employees)],
        check=True, env=env,
    )  # fmt: skip


class Server(NamedTuple):
    base: str  # http://127.0.0.1:PORT
    pid: int  # the gunicorn master (its workers are its children)


@contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    port: int,
    workers: int,
    ready_path: str,
    extra_args: Sequence[str] = (),
) -> Iterator[Server]:
    """Serve pamong.wsgi on 127.0.0.1:`port`; yields once `ready_path` answers."""
    server = subprocess.Popen(
        [GUNICORN, "pamong.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", *extra_args],
        env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + ready_path, timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("gunicorn exited") from None
                time.sleep(0.2)
        yield Server(base, server.pid)
    finally:
        server.terminate()
        server.wait()


def quantiles_ms(latencies: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 of latencies given in seconds, in milliseconds."""
    if len(latencies) < 2:
        value = latencies[0] * 1000 if latencies else float("nan")
        return {"p50": value, "p95": value, "p99": value}
    q = statistics.quantiles(sorted(latencies), n=100)
    return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}


def load_average() -> str:
    """The 1/5/15-minute load average, as `uptime` prints it."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU seconds used so far by these processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def postgres_backends(url: str) -> list[int]:
    """Process ids of the PostgreSQL backends connected to the database in `url`."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return [row[0] for row in rows]
