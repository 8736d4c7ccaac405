"""The POST-only load of bench_public_form.py (--wrk): wrk, written in C, posts reports.

The Python load generator drives whole citizen visits (form, post, ticket page) but costs
CPU on the same two cores; wrk costs almost none, so it shows what the server sustains.
Each wrk connection is a citizen who already has the form open: one GET by Python gives the
CSRF cookie and token and the OPD list, then every request of the Lua script is a fresh
multipart report (random category, OPD, identity and text; 10 % with a PNG, 5 % with a
PDF, as in the Python load). A report counts when the server answers 302 to its ticket;
anything else is an error. The count is checked against the rows added to the database.
"""

from __future__ import annotations

import random
import re
import resource
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

LUA = r"""
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local categories = {"pengaduan", "pengaduan", "pengaduan", "aspirasi", "pertanyaan", "apresiasi"}
local identities = {"named", "named", "anonymous", "confidential"}
local texts = {
  "Antrean pelayanan sangat panjang dan tidak ada nomor antrean sejak pagi hari.",
  "Petugas loket meminta biaya tambahan untuk pengurusan berkas yang seharusnya gratis.",
  "Lampu penerangan jalan di depan kantor kelurahan mati sudah dua minggu.",
  "Terima kasih kepada petugas puskesmas yang melayani dengan ramah dan cepat.",
}
local boundary = "----pamongwrk7d41c2"
local n = 0

function init(args)
  ok, bad, redirected = 0, 0, 0
  math.randomseed(1000 + id)
end

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
    "\"\r\n\r\n" .. value .. "\r\n"
end

local function file(name, filename, ctype, content)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
    "\"; filename=\"" .. filename .. "\"\r\nContent-Type: " .. ctype .. "\r\n\r\n" ..
    content .. "\r\n"
end

function request()
  n = n + 1
  local identity = identities[math.random(#identities)]
  local named = identity == "named"
  local tag = id .. "-" .. n
  local parts = {
    field("csrfmiddlewaretoken", TOKEN),
    field("category", categories[math.random(#categories)]),
    field("unit", UNITS[math.random(#UNITS)]),
    field("officer_name", ""),
    field("description", texts[math.random(#texts)] .. " (laporan " .. tag .. ")"),
    field("incident_date", TODAY),
    field("place", "Loket 2"),
    field("identity", identity),
    field("reporter_name", named and ("Warga " .. tag) or ""),
    field("reporter_email", named and ("warga" .. tag .. "@example.org") or ""),
    field("reporter_phone", named and "0812 3456 7890" or ""),
    field("website", ""),
  }
  local draw = math.random()
  if draw < 0.10 then
    table.insert(parts, file("attachments", "foto.png", "image/png", PNG))
  elseif draw < 0.15 then
    table.insert(parts, file("attachments", "surat.pdf", "application/pdf", PDF))
  else
    table.insert(parts, file("attachments", "", "application/octet-stream", ""))
  end
  table.insert(parts, "--" .. boundary .. "--\r\n")
  return wrk.format("POST", PATH, {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["Cookie"] = "csrftoken=" .. COOKIE,
    ["Origin"] = BASE,
    ["Referer"] = BASE .. PATH,
    ["Accept-Language"] = "id",
  }, table.concat(parts))
end

function response(status, headers, body)
  if status == 302 and string.find(headers["Location"] or "", "/tiket/", 1, true) then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_bad = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_bad = total_bad + t:get("bad")
  end
  io.write(string.format("PAMONG ok=%d bad=%d\n", total_ok, total_bad))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("PAMONG p%d=%.1f\n", p, latency:percentile(p) / 1000))
  end
end
"""


def lua_string(data: bytes) -> str:
    return '"' + "".join(f"\\{b:03d}" for b in data) + '"'


def script(base: str, path: str, token: str, cookie: str, units: list[str], png: bytes) -> str:
    from bench_public_form import PDF

    head = "\n".join(
        [
            f"BASE = {lua_string(base.encode())}",
            f"PATH = {lua_string(path.encode())}",
            f"TOKEN = {lua_string(token.encode())}",
            f"COOKIE = {lua_string(cookie.encode())}",
            f"TODAY = {lua_string(time.strftime('%Y-%m-%d').encode())}",
            "UNITS = {" + ", ".join(lua_string(u.encode()) for u in units) + "}",
            f"PNG = {lua_string(png)}",
            f"PDF = {lua_string(PDF)}",
        ]
    )
    return head + "\n" + LUA


def run_wrk(lua: Path, base: str, connections: int, threads: int, seconds: float) -> str:
    result = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:.0f}s",
         "--timeout", "10s", "-s", str(lua), base],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout


def drive_wrk(args: Any, server: Any, url: str) -> int:
    """Warm up, then post for --duration seconds; print the figures; 1 on any error."""
    from bench_public_form import FORM, TOKEN, UNIT, Client, png_bytes
    from benchlib import children, cpu_seconds, load_average, postgres_backends

    port = int(server.base.rsplit(":", 1)[1])
    citizen = Client("127.0.0.1", port, png_bytes(), random.Random(1))
    status, _, page = citizen.request("GET", FORM)
    token = TOKEN.search(page)
    assert status == 200 and token and "csrftoken" in citizen.cookies, "no form or CSRF token"
    units = UNIT.findall(page)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(
            script(
                server.base,
                FORM,
                token.group(1),
                citizen.cookies["csrftoken"],
                units,
                citizen.png,
            )
        )
    lua = Path(handle.name)
    load_before = load_average()
    run_wrk(lua, server.base, args.clients, args.wrk_threads, args.warmup)
    groups = {
        "gunicorn": [server.pid, *children(server.pid)],
        "postgres": postgres_backends(url) if url.startswith("postgres") else [],
    }
    rows_before = _complaints(url)
    before = {name: cpu_seconds(pids) for name, pids in groups.items()}
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = run_wrk(lua, server.base, args.clients, args.wrk_threads, args.duration)
    elapsed = time.perf_counter() - started
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = {name: cpu_seconds(pids) - before[name] for name, pids in groups.items()}
    cpu["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime) - (
        wrk_before.ru_utime + wrk_before.ru_stime
    )
    rows = _complaints(url) - rows_before
    figures = dict(re.findall(r"(\w+)=([\d.]+)", "\n".join(re.findall("PAMONG (.*)", out))))
    ok, bad = int(figures["ok"]), int(figures["bad"])
    print(
        f"wrk: {args.clients} connections, {args.wrk_threads} threads, {args.duration:.0f} s "
        f"(after {args.warmup:.0f} s warm-up); workers={args.workers} "
        f"gunicorn_args={args.gunicorn_args!r}"
    )
    print(f"load average before: {load_before}; after: {load_average()}")
    print(
        f"submissions={ok} errors={bad} rows added={rows} "
        f"throughput={ok / elapsed:.1f} submissions/s"
    )
    print(f"POST p50={figures['p50']}ms p95={figures['p95']}ms p99={figures['p99']}ms")
    if ok:
        per = ", ".join(f"{name} {seconds / ok * 1000:.1f}" for name, seconds in cpu.items())
        print(f"CPU ms per submission: {per} (total {sum(cpu.values()) / ok * 1000:.1f})")
    lua.unlink()
    # Requests in flight when wrk stops may still land: at most one per connection.
    return 1 if bad or not ok <= rows <= ok + args.clients else 0


def _complaints(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM participation_complaint").fetchone()
    return int(row[0]) if row else 0
