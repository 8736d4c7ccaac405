"""Profile quiz submissions in process: SQL statements and CPU of one POST, pass and fail.

Seeds like bench_quiz_submit.py (small), then posts through Django's test client with
DEBUG off, printing each statement and a cProfile summary of `--rounds` submissions.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_quiz_prof \
        .venv/bin/python bench/profile_quiz_submit.py --rounds 40
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_quiz_submit import recreate_database, seed  # noqa: E402
from benchlib import bench_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print each statement")
    args = parser.parse_args()
    recreate_database(os.environ.get("DATABASE_URL", ""))
    os.environ.setdefault("PAMONG_DATA_DIR", bench_env("/tmp/pamong-prof-quiz")["PAMONG_DATA_DIR"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    jobs = seed(2 * args.rounds + 2)
    client = Client(HTTP_HOST="127.0.0.1")

    def post(job: tuple[int, str, str]) -> int:
        attempt_id, session_key, answers = job
        client.cookies["sessionid"] = session_key
        client.cookies["csrftoken"] = "a" * 32
        body = f"csrfmiddlewaretoken={'a' * 32}&{answers}"
        resp = client.post(
            f"/kompetensi/kuis/{attempt_id}/", body,
            content_type="application/x-www-form-urlencoded",
        )  # fmt: skip
        return resp.status_code

    for label, job in (("pass", jobs[0]), ("fail", jobs[1])):
        with CaptureQueriesContext(connection) as ctx:
            status = post(job)
        print(f"--- {label}: status {status}, {len(ctx.captured_queries)} statements")
        for q in ctx.captured_queries:
            sql = q["sql"] if args.sql else q["sql"][:150]
            print(f"  {float(q['time']) * 1000:5.1f} ms  {sql}")
    half = (len(jobs) - 2) // 2
    plain, rest = jobs[2 : 2 + half], jobs[2 + half :]
    c0 = time.process_time()
    for job in plain:
        assert post(job) == 302
    cpu = time.process_time() - c0
    print(f"{len(plain)} submissions without profiler: {cpu * 1000 / len(plain):.1f} ms CPU each "
          "(Django and psycopg in this process; the database server not counted)")  # fmt: skip
    profile = cProfile.Profile(time.process_time)  # CPU, not waits
    t0, c0 = time.perf_counter(), time.process_time()
    profile.enable()
    for job in rest:
        assert post(job) == 302
    profile.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{len(rest)} submissions: {wall * 1000 / len(rest):.1f} ms wall, "
          f"{cpu * 1000 / len(rest):.1f} ms CPU (this process) each (with profiler)")  # fmt: skip
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    groups: dict[str, float] = {}
    for (path, _line, _fn), row in stats.stats.items():  # type: ignore[attr-defined]
        parts = path.split("site-packages/")[-1].split("/")
        key = "/".join(parts[:3]) if parts[0] in ("django", "pamong") else parts[0]
        groups[key] = groups.get(key, 0.0) + row[2]
    print("own CPU by package (profiled):")
    for key, t in sorted(groups.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {t * 1000 / len(rest):6.2f} ms  {key}")


if __name__ == "__main__":
    main()
