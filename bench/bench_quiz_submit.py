"""Quiz submission throughput over HTTP (issue 13 quality bar: at least 100 submissions/s
with gunicorn on PostgreSQL).

Recreates the database in DATABASE_URL (its name must start with pamong_bench), seeds in
process a tenant with one OPD, N employees each with an account, a published e-learning
course (no modules, a bank of 20 questions, 10 per attempt) and one started attempt per
employee (through learning.attempt_start, as the page does), and signs every employee in
(a session row each, as a sign-in leaves). Then it serves Pamong with gunicorn and C client
threads POST the attempts' answers to /kompetensi/kuis/<id>/ (the quiz page's form: CSRF
token and session cookie), each attempt once; half the employees answer every question
right, so half the submissions pass and also issue a certificate and write the JP ledger.
Prints submissions/s over the wall time, p50/p95/p99 latency and the load average.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_quiz \
        .venv/bin/python bench/bench_quiz_submit.py --employees 1000 --clients 16
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from benchlib import (
    bench_env,
    children,
    cpu_seconds,
    gunicorn,
    load_average,
    postgres_backends,
    quantiles_ms,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
QUESTIONS, PER_ATTEMPT = 20, 10


def recreate_database(url: str) -> None:
    name = urllib.parse.urlparse(url).path.lstrip("/")
    assert url.startswith("postgres") and name.startswith("pamong_bench"), "benchmark DB only"
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


Job = tuple[int, str, str]  # (attempt id, session key, urlencoded answers)


def seed(employees: int) -> list[Job]:
    """The tenant, course and started attempts; one job per employee."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string
    from django_scopes import scopes_disabled

    from pamong.competence import learning
    from pamong.competence.models import Course, Question
    from pamong.core.actor import actor_for_user
    from pamong.core.models import Tenant, User
    from pamong.org.models import Employee, Position, Unit

    started = time.perf_counter()
    jobs: list[Job] = []
    with scopes_disabled():
        tenant = Tenant.objects.create(slug="bench", name="Kabupaten Bench")
        opd = Unit.objects.create(
            tenant=tenant, code="1.01", name="Dinas Bench", kind="opd", path="1.01", depth=0
        )
        opd.opd = opd
        opd.save(update_fields=["opd"])
        position = Position.objects.create(
            tenant=tenant, name="Pelaksana", kind="pelaksana", kelas=5
        )
        Employee.objects.bulk_create(
            Employee(
                tenant=tenant,
                nip=f"{i:018d}",
                name=f"Pegawai {i}",
                gender="L",
                birth_date=dt.date(1985, 1, 1),
                employee_type="PNS",
                golongan="III/a",
                position=position,
                unit=opd,
                opd=opd,
                status="aktif",
            )  # fmt: skip
            for i in range(1, employees + 1)
        )
        staff = list(Employee.objects.filter(tenant=tenant).order_by("pk"))
        User.objects.bulk_create(
            User(username=e.nip, tenant=tenant, employee=e, password="!") for e in staff
        )
        course = Course.objects.create(
            tenant=tenant, title="Etika ASN", competency_kind="sosio_kultural", jp=4,
            pass_mark=70, max_attempts=3, time_limit_minutes=60,
            questions_per_attempt=PER_ATTEMPT, status=Course.Status.PUBLISHED,
        )  # fmt: skip
        for n in range(QUESTIONS):
            Question.objects.create(
                tenant=tenant, course=course, text=f"Soal {n}",
                choices=["A", "B", "C", "D"], correct=n % 4,
            )  # fmt: skip
        correct = dict(Question.objects.filter(course=course).values_list("pk", "correct"))
        # The backend a sign-in records (as Django's test client picks it for force_login).
        backend = next(
            b for b in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(b), "get_user")
        )
        for i, user in enumerate(User.objects.filter(tenant=tenant).order_by("pk")):
            attempt = learning.attempt_start(actor=actor_for_user(user), course=course)
            right = i % 2 == 0  # half pass (certificate and JP ledger too), half fail
            answers = {
                f"q{qid}": order.index(correct[qid])
                if right
                else (order.index(correct[qid]) + 1) % 4
                for qid, order in attempt.layout
            }
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            jobs.append((attempt.pk, session.session_key or "", urllib.parse.urlencode(answers)))
    took = time.perf_counter() - started
    print(f"seeded {employees} employees with an attempt and a session each in {took:.1f} s")
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=1000, help="= submissions")
    parser.add_argument("--clients", type=int, default=16)
    # Gunicorn's advice for sync workers: 2 × cores + 1 (5 on the 2-core target).
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--gunicorn-args", default="", help='e.g. "--threads=2" (gthread)')
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    recreate_database(url)
    env = bench_env("/tmp/pamong-bench-quiz")
    os.environ.setdefault("PAMONG_DATA_DIR", env["PAMONG_DATA_DIR"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    jobs = seed(args.employees)
    from django.db import connections

    connections.close_all()

    extra = args.gunicorn_args.split()
    with gunicorn(
        env, port=args.port, workers=args.workers, ready_path="/masuk/", extra_args=extra
    ) as server:
        host, port = "127.0.0.1", args.port
        # A quiz page read first (untimed): the employee is signed in and the page answers.
        check = http.client.HTTPConnection(host, port, timeout=30)
        check.request(
            "GET", f"/kompetensi/kuis/{jobs[0][0]}/", headers={"Cookie": f"sessionid={jobs[0][1]}"}
        )
        page = check.getresponse()
        body = page.read().decode()
        assert page.status == 200 and re.search(r'name="q\d+"', body), (page.status, body[:300])
        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        queue = list(jobs)

        def client() -> None:
            conn = http.client.HTTPConnection(host, port, timeout=60)
            csrf = secrets.token_hex(16)  # the form's token: the cookie's secret, as sent
            while True:
                with lock:
                    if not queue:
                        break
                    attempt_id, session_key, answers = queue.pop()
                body = f"csrfmiddlewaretoken={csrf}&{answers}"
                headers = {
                    "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
                    "Content-Type": "application/x-www-form-urlencoded",
                }
                t0 = time.perf_counter()
                try:
                    conn.request("POST", f"/kompetensi/kuis/{attempt_id}/", body, headers)
                    resp = conn.getresponse()
                    resp.read()
                    status = resp.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=60)
                elapsed = time.perf_counter() - t0
                with lock:
                    latencies.append(elapsed)
                    statuses[status] = statuses.get(status, 0) + 1

        def pids() -> dict[str, list[int]]:
            return {
                "gunicorn": [server.pid, *children(server.pid)],
                "postgres": postgres_backends(url),
            }

        def cpu(groups: dict[str, list[int]]) -> dict[str, float]:
            out = {name: cpu_seconds(p) for name, p in groups.items()}
            own = os.times()
            return out | {"load generator": own.user + own.system}

        load_before = load_average()
        before_pids = pids()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        before = cpu(before_pids)
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        # Processes that appeared during the run (a new connection) count from zero.
        after_pids = pids()
        after = cpu({k: sorted(set(v) | set(before_pids[k])) for k, v in after_pids.items()})
        used = {k: after[k] - before[k] for k in after}
        load = load_average()

    from django_scopes import scopes_disabled

    from pamong.competence.models import Attempt, CourseCertificate

    with scopes_disabled():
        submitted = Attempt.objects.filter(submitted_at__isnull=False).count()
        passed = Attempt.objects.filter(passed=True).count()
        certificates = CourseCertificate.objects.count()
    connections.close_all()
    q = quantiles_ms(latencies)
    print(
        f"employees={args.employees} clients={args.clients} workers={args.workers} "
        f"submissions={len(latencies)} statuses={statuses} wall={wall:.1f}s "
        f"throughput={len(latencies) / wall:.0f}/s"
    )
    print(f"p50={q['p50']:.0f}ms p95={q['p95']:.0f}ms p99={q['p99']:.0f}ms")
    print(f"stored: submitted={submitted} passed={passed} certificates={certificates}")
    per = {k: v * 1000 / max(len(latencies), 1) for k, v in used.items()}
    total = sum(per.values())
    print(
        f"CPU ms per submission: {total:.1f} ("
        + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
        + f"); on 2 otherwise idle cores that is at most {2000 / total:.0f} submissions/s"
    )
    print(f"load average before: {load_before}; after the run: {load}")
    # Every submission a redirect back to the attempt (302), each attempt scored once.
    assert statuses == {302: len(jobs)} and submitted == len(jobs), "failed submissions"


if __name__ == "__main__":
    main()
