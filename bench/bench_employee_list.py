"""Employee list page latency under concurrent load (issue: foundation).

Generates (or reuses) a tenant with N employees on the database in DATABASE_URL, starts
gunicorn on a loopback port, logs in as the tenant's BKPSDM admin and sends requests from
C concurrent clients to the employee list (pages, searches and filters). Prints p50/p95/p99.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_list \
        .venv/bin/python bench/bench_employee_list.py --employees 50000 --clients 20
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAMONG = str(ROOT / ".venv/bin/pamong")


def ensure_database(url: str) -> None:
    if url.startswith("postgres"):
        name = urllib.parse.urlparse(url).path.lstrip("/")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False,
                       stderr=subprocess.DEVNULL)  # fmt: skip


def session_opener(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/masuk/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    ).encode()
    req = urllib.request.Request(f"{base}/masuk/", data=data, headers={"Referer": f"{base}/masuk/"})
    opener.open(req).read()
    return opener


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds each client waits between requests (0: closed loop, worst case)",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "PAMONG_DATA_DIR": os.environ.get("PAMONG_DATA_DIR", "/tmp/pamong-bench")}
    if not args.skip_setup:
        ensure_database(url)
        subprocess.run([PAMONG, "migrate", "-v", "0"], check=True, env=env)
        subprocess.run([PAMONG, "collectstatic", "--noinput", "-v", "0"], check=True, env=env)
        subprocess.run(
            [PAMONG, "demo", "--tenant-slug", "bench", "--employees", str(args.employees)],
            check=True, env=env,
        )  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "pamong.wsgi", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{base}/masuk/", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        paths = ["/pegawai/", "/pegawai/?page=37", "/pegawai/?q=siti", "/pegawai/?sort=-name",
                 "/pegawai/?golongan=III/a", "/pegawai/?employee_type=PPPK&page=3"]  # fmt: skip
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        per_client = args.requests // args.clients

        def client(index: int) -> None:
            nonlocal errors
            opener = session_opener(base, "admin.bench", "pamong-demo")
            for i in range(per_client):
                path = paths[(index + i) % len(paths)]
                t0 = time.perf_counter()
                try:
                    resp = opener.open(base + path, timeout=30)
                    resp.read()
                    ok = resp.status == 200
                except OSError:
                    ok = False
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += 0 if ok else 1
                if args.think:
                    time.sleep(args.think)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        latencies.sort()
        q = statistics.quantiles(latencies, n=100)
        rate = len(latencies) / wall
        print(
            f"employees={args.employees} clients={args.clients} requests={len(latencies)} "
            f"errors={errors} wall={wall:.1f}s throughput={rate:.0f}/s"
        )
        print(f"p50={q[49] * 1000:.0f}ms p95={q[94] * 1000:.0f}ms p99={q[98] * 1000:.0f}ms")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
