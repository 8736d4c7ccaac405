"""CASN selection at scale (issue 15; targets: ranking 200,000 candidates over 2,000 formasi
lines < 10 s; the announcement PDF for 5,000 passing candidates < 30 s).

Generates the three input files of spec/selection.md (2,000 lines, 100 candidates each,
about 70% of them with SKB marks), then times:

1. reading and checking the three CSV files (`read_selection_files`);
2. the pure ranking (`rank_selection`) and writing the ranking CSV;
3. with `--db`: `selection_load` into the database and `pamong selection rank`'s path
   (read back from the database, rank, write the CSV);
4. the announcement PDF with `--passing` passing candidates (1,000 lines × 5).

    .venv/bin/python bench/bench_selection.py
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/pamong_recruit \
        .venv/bin/python bench/bench_selection.py --db
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

JALUR = ["umum", "cumlaude", "diaspora", "disabilitas", "putra_papua", "kalimantan"]
WEIGHTS = ["cat=100", "cat=60;wawancara=40", "cat=50;praktik=35;tpa=15"]


def make_files(folder: Path, lines: int, per_line: int, seed: int = 15) -> None:
    rng = random.Random(seed)
    formasi = ["kode_formasi,jabatan,jalur,kuota,bobot_skb"]
    peserta = ["no_peserta,nama,tanggal_lahir,kode_formasi,twk,tiu,tkp,nilai_pendidikan"]
    skb = ["no_peserta,komponen,nilai"]
    number = 0
    for i in range(lines):
        code = f"F{i:05d}"
        weights = rng.choice(WEIGHTS)
        names = [part.split("=")[0] for part in weights.split(";")]
        formasi.append(
            f"{code},Jabatan {i % 300},{rng.choice(JALUR)},{rng.randint(1, 10)},{weights}"
        )
        for _ in range(per_line):
            number += 1
            no = f"{number:08d}"
            born = dt.date(1985, 1, 1) + dt.timedelta(days=rng.randint(0, 5000))
            twk, tiu, tkp = rng.randint(8, 30) * 5, rng.randint(10, 35) * 5, rng.randint(120, 225)
            edu = f"{rng.randint(250, 400) / 100:.2f}"
            peserta.append(f"{no},Peserta {number},{born},{code},{twk},{tiu},{tkp},{edu}")
            if rng.random() < 0.7:
                for name in names:
                    skb.append(f"{no},{name},{rng.randint(0, 10000) / 100}")
    for name, rows in (("formasi", formasi), ("peserta", peserta), ("skb", skb)):
        (folder / f"{name}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    """Wall time and this process's CPU time (the CPU figure is what holds on a busy host)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label:<48} {wall:7.2f} s wall {used:7.2f} s CPU", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--per-line", type=int, default=100)
    parser.add_argument("--passing", type=int, default=5000)
    parser.add_argument("--db", action="store_true", help="also load into DATABASE_URL")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    os.environ.setdefault("PAMONG_IMPORT_MAX_BYTES", str(200 * 2**20))
    # The SKB file has a row per candidate and component: above the default row limit.
    os.environ.setdefault("PAMONG_IMPORT_MAX_ROWS", str(2_000_000))
    import django

    django.setup()
    from django.conf import settings

    settings.PAMONG_IMPORT_MAX_BYTES = max(settings.PAMONG_IMPORT_MAX_BYTES, 200 * 2**20)
    from pamong.recruitment.export import ranking_csv
    from pamong.recruitment.files import read_selection_files
    from pamong.recruitment.ranking import rank_selection

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = args.lines * args.per_line
        label = f"generate {n:,} candidates / {args.lines:,} lines"
        timed(label, lambda: make_files(folder, args.lines, args.per_line))
        files = [folder / f"{k}.csv" for k in ("formasi", "peserta", "skb")]
        data = timed("read + check the three files", lambda: read_selection_files(*files))
        results = timed("rank (pure, exact)", lambda: rank_selection(data.lines, data.candidates))
        timed("write ranking CSV", lambda: ranking_csv(results))
        timed(
            "rank + CSV (what the target measures)",
            lambda: ranking_csv(rank_selection(data.lines, data.candidates)),
        )
        if args.db:
            bench_db(files)
    bench_pdf(args.passing)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")


def bench_db(files: list[Path]) -> None:
    from django.core.management import call_command
    from django_scopes import scope, scopes_disabled

    from pamong.core.actor import cli_actor
    from pamong.core.models import Tenant
    from pamong.recruitment.export import ranking_csv
    from pamong.recruitment.models import Selection
    from pamong.recruitment.services import selection_load, selection_results

    call_command("migrate", verbosity=0)
    with scopes_disabled():
        tenant, _ = Tenant.objects.get_or_create(slug="bench-sel", defaults={"name": "Bench"})
        Selection.objects.filter(tenant=tenant).delete()
    actor = cli_actor(tenant)
    with scope(tenant=tenant):
        timed(
            "selection_load into the database",
            lambda: selection_load(
                actor=actor, code="B", formasi=files[0], peserta=files[1], skb=files[2]
            ),  # fmt: skip
        )
        selection = Selection.objects.get(tenant=tenant, code="B")
        timed(
            "selection rank from the database + CSV",
            lambda: ranking_csv(selection_results(selection)),
        )


def bench_pdf(passing: int) -> None:
    from pamong.recruitment.models import Candidate, FormasiLine, Selection
    from pamong.recruitment.pdf import announcement_pdf

    selection = Selection(code="B", name="Seleksi CASN 2026", announced_at=None)
    groups = []
    per_line = 5
    for i in range(passing // per_line):
        line = FormasiLine(code=f"F{i:05d}", jabatan=f"Jabatan {i}", jalur="umum", kuota=per_line)
        rows = [
            Candidate(
                no_peserta=f"{i * per_line + j:08d}",
                name=f"Peserta dengan Nama Cukup Panjang {i * per_line + j}",
                final_score=Decimal("71.091"),
                rank=j + 1,
                line=line,
            )
            for j in range(per_line)
        ]
        groups.append((line, rows))
    content = timed(
        f"announcement PDF, {passing:,} passing candidates",
        lambda: announcement_pdf(selection, "Kabupaten Contoh", groups),
    )
    print(f"{'PDF size':<48} {len(content) / 2**20:7.2f} MB")


if __name__ == "__main__":
    main()
