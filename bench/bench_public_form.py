"""Public complaint form throughput under load (issue 6).

Target: with gunicorn on PostgreSQL the public complaint form sustains at least 100
submissions/s from a load generator on loopback, with no errors.

Generates (or reuses, --skip-setup) the demo tenant `bench` on the database in DATABASE_URL,
starts gunicorn on a loopback port with the rate-limit counters in Redis (--redis, as in a
multi-worker deployment) and the per-address limit raised through its setting
(PAMONG_PUBLIC_RATE_LIMIT: every virtual citizen comes from 127.0.0.1), then runs C virtual
citizens in P processes. Each one, in a closed loop over its own keep-alive connection, does
what a browser does:

1. GET /publik/bench/lapor/ (CSRF cookie and token, the list of OPDs),
2. POST the form as multipart/form-data with a valid report: a random category, OPD and
   identity (named with contact, anonymous or confidential); most without a file, some with
   a small PNG (re-encoded by the server) or PDF,
3. follow the 302 to the ticket page and check it answers 200 with the ticket (--no-follow:
   only check the 302 and its Location).

A submission counts as done when all three succeed; anything else (non-2xx/3xx, the form
re-rendered with errors, a wrong redirect, a connection error) is an error, by kind.
Submissions completed during --duration seconds after a --warmup are counted; p50/p95/p99
are of the POST alone and of the whole three-request flow.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_bench_public \\
        .venv/bin/python bench/bench_public_form.py --workers 5 --clients 16
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import io
import multiprocessing
import random
import re
import sys
import threading
import time
import uuid
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from benchlib import (
    Server,
    bench_env,
    children,
    cpu_seconds,
    gunicorn,
    load_average,
    postgres_backends,
    quantiles_ms,
    setup_demo_tenant,
)

SLUG = "bench"
FORM = f"/publik/{SLUG}/lapor/"
TICKET = re.compile(rf"^(?:http://[^/]+)?/publik/{SLUG}/tiket/([A-Za-z0-9_-]{{16,40}})/$")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UNIT = re.compile(r'<option value="(\d+)"')
ERRORS = re.compile(r'class="errorlist[^"]*"[^>]*>(.{0,200})', re.S)
CATEGORIES = ["pengaduan", "pengaduan", "pengaduan", "aspirasi", "pertanyaan", "apresiasi"]
IDENTITIES = ["named", "named", "anonymous", "confidential"]
DESCRIPTIONS = [
    "Petugas loket meminta biaya tambahan untuk pengurusan berkas yang seharusnya gratis.",
    "Antrean pelayanan sangat panjang dan tidak ada nomor antrean sejak pagi hari.",
    "Lampu penerangan jalan di depan kantor kelurahan mati sudah dua minggu.",
    "Mohon informasi persyaratan pembuatan akta kelahiran untuk anak yang lahir di luar kota.",
    "Terima kasih kepada petugas puskesmas yang melayani dengan ramah dan cepat.",
    "Usul agar jam layanan perizinan dibuka juga pada hari Sabtu untuk pekerja.",
]
PNG_SHARE, PDF_SHARE = 0.10, 0.05  # reports with a photo, with a PDF; the rest have no file
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@dataclass
class Sample:
    done_at: float  # time.time() when the flow ended
    post: float  # seconds
    flow: float  # seconds
    error: str  # "" when the submission went through
    with_file: bool = False


@dataclass
class Client:
    """One virtual citizen: a keep-alive connection and its cookies."""

    host: str
    port: int
    png: bytes
    rng: random.Random
    cookies: dict[str, str] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)
    conn: http.client.HTTPConnection | None = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        all_headers = {"Accept-Encoding": "gzip", "Accept-Language": "id", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Content-Encoding") == "gzip":
            raw = zlib.decompress(raw, 16 + zlib.MAX_WBITS)
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, raw.decode()

    def report(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, bytes, str]]]:
        rng = self.rng
        identity = rng.choice(IDENTITIES)
        n = rng.randrange(1_000_000)
        fields = [
            ("category", rng.choice(CATEGORIES)),
            ("unit", rng.choice(self.units)),
            ("officer_name", rng.choice(["", "", "Budi", "petugas loket 2"])),
            ("description", f"{rng.choice(DESCRIPTIONS)} (laporan {n})"),
            ("incident_date", (dt.date.today() - dt.timedelta(days=rng.randrange(30))).isoformat()),
            ("place", rng.choice(["", "Loket 2", "Kantor kelurahan"])),
            ("identity", identity),
            ("reporter_name", f"Warga {n}" if identity == "named" else ""),
            ("reporter_email", f"warga{n}@example.org" if identity == "named" else ""),
            ("reporter_phone", "0812 3456 7890" if identity == "named" else ""),
            ("website", ""),  # the honeypot, left empty as a person would
        ]
        files: list[tuple[str, str, bytes, str]] = []
        draw = rng.random()
        if draw < PNG_SHARE:
            files.append(("attachments", "foto.png", self.png, "image/png"))
        elif draw < PNG_SHARE + PDF_SHARE:
            files.append(("attachments", "surat.pdf", PDF, "application/pdf"))
        return fields, files

    def submit_once(self, base: str, follow: bool = True) -> Sample:
        t0 = time.perf_counter()
        status, _, page = self.request("GET", FORM)
        if status != 200:
            return self._fail(t0, 0.0, f"form GET {status}")
        token = TOKEN.search(page)
        if not token or "csrftoken" not in self.cookies:
            return self._fail(t0, 0.0, "no CSRF token")
        if not self.units:
            self.units = UNIT.findall(page)
        fields, files = self.report()
        body, content_type = multipart([("csrfmiddlewaretoken", token.group(1)), *fields], files)
        t1 = time.perf_counter()
        status, headers, page = self.request(
            "POST",
            FORM,
            body,
            {"Content-Type": content_type, "Origin": base, "Referer": base + FORM},
        )
        post = time.perf_counter() - t1
        if status == 200:
            found = ERRORS.search(page)
            detail = re.sub(r"<[^>]+>", " ", found.group(1)).split() if found else []
            return self._fail(t0, post, "form re-rendered: " + " ".join(detail[:8]), bool(files))
        if status != 302:
            return self._fail(t0, post, f"POST {status}", bool(files))
        match = TICKET.match(headers.get("location", ""))
        if not match:
            return self._fail(t0, post, "redirect elsewhere", bool(files))
        if not follow:
            return Sample(time.time(), post, time.perf_counter() - t0, "", bool(files))
        status, _, page = self.request("GET", match.group(0).removeprefix(base))
        if status != 200 or match.group(1) not in page:
            return self._fail(t0, post, f"ticket GET {status}", bool(files))
        return Sample(time.time(), post, time.perf_counter() - t0, "", bool(files))

    def _fail(self, t0: float, post: float, error: str, with_file: bool = False) -> Sample:
        return Sample(time.time(), post, time.perf_counter() - t0, error, with_file)


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = f"----pamongbench{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    # A browser sends the file input even when no file was chosen.
    no_file = [("attachments", "", b"", "application/octet-stream")]
    for name, filename, content, content_type in files or no_file:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def run_process(
    index: int, threads: int, port: int, start: float, stop: float, follow: bool, queue: Any
) -> None:
    """One load process: `threads` virtual citizens in a closed loop until `stop`."""
    png = png_bytes()
    samples: list[Sample] = []
    lock = threading.Lock()
    base = f"http://127.0.0.1:{port}"

    def citizen(seed: int) -> None:
        client = Client("127.0.0.1", port, png, random.Random(seed))
        mine: list[Sample] = []
        while time.time() < start:
            time.sleep(0.01)
        while time.time() < stop:
            t0 = time.perf_counter()
            try:
                mine.append(client.submit_once(base, follow))
            except (OSError, http.client.HTTPException) as exc:
                mine.append(client._fail(t0, 0.0, f"connection: {type(exc).__name__}"))
        with lock:
            samples.extend(mine)

    workers = [threading.Thread(target=citizen, args=(index * 1000 + i,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    queue.put([(s.done_at, s.post, s.flow, s.error, s.with_file) for s in samples])


def drive(
    args: argparse.Namespace, server: Server, url: str
) -> tuple[list[Sample], dict[str, float]]:
    """Run the citizens; the samples of the measured window and the CPU seconds used in it
    by the gunicorn workers, the PostgreSQL backends and the load generator."""
    start = time.time() + 1.0
    stop = start + args.warmup + args.duration
    queue: Any = multiprocessing.Queue()
    per_process = [args.clients // args.processes] * args.processes
    for i in range(args.clients % args.processes):
        per_process[i] += 1
    procs = [
        multiprocessing.Process(
            target=run_process, args=(i, n, args.port, start, stop, not args.no_follow, queue)
        )
        for i, n in enumerate(per_process)
        if n
    ]
    for p in procs:
        p.start()
    time.sleep(max(0.0, start + args.warmup - time.time()))
    groups = {
        "gunicorn": [server.pid, *children(server.pid)],
        "postgres": postgres_backends(url) if url.startswith("postgres") else [],
        "load generator": [p.pid for p in procs if p.pid],
    }
    before = {name: cpu_seconds(pids) for name, pids in groups.items()}
    time.sleep(max(0.0, stop - time.time()))
    cpu = {name: cpu_seconds(pids) - before[name] for name, pids in groups.items()}
    rows = [row for _ in procs for row in queue.get()]
    for p in procs:
        p.join()
    window = (start + args.warmup, stop)
    return [Sample(*row) for row in rows if window[0] <= row[0] <= window[1]], cpu


def report(
    args: argparse.Namespace, samples: list[Sample], cpu: dict[str, float], load_before: str
) -> None:
    ok = [s for s in samples if not s.error]
    errors = Counter(s.error for s in samples if s.error)
    post = quantiles_ms([s.post for s in ok])
    flow = quantiles_ms([s.flow for s in ok])
    print(
        f"workers={args.workers} gunicorn_args={args.gunicorn_args!r} clients={args.clients} "
        f"processes={args.processes} follow={not args.no_follow} "
        f"duration={args.duration}s (after {args.warmup}s warm-up)"
    )
    print(f"load average before: {load_before}; after: {load_average()}")
    print(
        f"submissions={len(ok)} with_file={sum(s.with_file for s in ok)} "
        f"errors={sum(errors.values())} throughput={len(ok) / args.duration:.1f} submissions/s"
    )
    print(f"POST      p50={post['p50']:.0f}ms p95={post['p95']:.0f}ms p99={post['p99']:.0f}ms")
    print(f"whole flow p50={flow['p50']:.0f}ms p95={flow['p95']:.0f}ms p99={flow['p99']:.0f}ms")
    if ok:
        per = ", ".join(f"{name} {seconds / len(ok) * 1000:.1f}" for name, seconds in cpu.items())
        print(f"CPU ms per submission: {per} (total {sum(cpu.values()) / len(ok) * 1000:.1f})")
    for kind, count in errors.most_common(10):
        print(f"  error x{count}: {kind}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5000, help="size of the demo tenant")
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument(
        "--gunicorn-args", default="", help='e.g. "--worker-class gthread --threads 2"'
    )
    parser.add_argument("--clients", type=int, default=16, help="concurrent virtual citizens")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument(
        "--no-follow", action="store_true", help="check the 302 but do not load the ticket page"
    )
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds not counted")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/7",
        help="REDIS_URL of the server (rate-limit counters shared by the workers); '' for none",
    )
    parser.add_argument(
        "--rate-limit",
        default="1000000/600",
        help="PAMONG_PUBLIC_RATE_LIMIT of the server: all citizens share 127.0.0.1",
    )
    parser.add_argument(
        "--wrk",
        action="store_true",
        help="POST only, with wrk (public_form_wrk.py); --clients is its connections",
    )
    parser.add_argument("--wrk-threads", type=int, default=2)
    args = parser.parse_args()

    env = bench_env("/tmp/pamong-bench-public")
    if not args.skip_setup:
        setup_demo_tenant(env, SLUG, args.employees)
    server_env = {**env, "PAMONG_PUBLIC_RATE_LIMIT": args.rate_limit, "REDIS_URL": args.redis}
    load_before = load_average()
    with gunicorn(
        server_env,
        port=args.port,
        workers=args.workers,
        ready_path=FORM,
        extra_args=args.gunicorn_args.split(),
    ) as server:
        if args.wrk:
            from public_form_wrk import drive_wrk

            return drive_wrk(args, server, env.get("DATABASE_URL", ""))
        samples, cpu = drive(args, server, env.get("DATABASE_URL", ""))
    report(args, samples, cpu, load_before)
    return 1 if any(s.error for s in samples) else 0


if __name__ == "__main__":
    sys.exit(main())
