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
import re
import sys
import threading
import time
import urllib.parse
import urllib.request

from benchlib import bench_env, gunicorn, quantiles_ms, setup_demo_tenant


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
    parser.add_argument(
        "--stagger",
        action="store_true",
        help="spread the clients' first requests over one think time, as real users arrive",
    )
    args = parser.parse_args()

    env = bench_env()
    if not args.skip_setup:
        setup_demo_tenant(env, "bench", args.employees)
    with gunicorn(env, port=args.port, workers=args.workers, ready_path="/masuk/") as server:
        base = server.base
        paths = ["/pegawai/", "/pegawai/?page=37", "/pegawai/?q=siti", "/pegawai/?sort=-name",
                 "/pegawai/?golongan=III/a", "/pegawai/?employee_type=PPPK&page=3"]  # fmt: skip
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        per_client = args.requests // args.clients

        def client(index: int) -> None:
            nonlocal errors
            opener = session_opener(base, "admin.bench", "pamong-demo")
            if args.stagger:
                # Without it, 20 clients with the same pause keep arriving as one burst.
                time.sleep(index / args.clients * args.think)
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
        q = quantiles_ms(latencies)
        rate = len(latencies) / wall
        print(
            f"employees={args.employees} clients={args.clients} requests={len(latencies)} "
            f"errors={errors} wall={wall:.1f}s throughput={rate:.0f}/s"
        )
        print(f"p50={q['p50']:.0f}ms p95={q['p95']:.0f}ms p99={q['p99']:.0f}ms")


if __name__ == "__main__":
    sys.exit(main())
