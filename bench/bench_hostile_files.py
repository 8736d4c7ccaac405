# ruff: noqa: E501 - the per-process script is kept as one literal, its lines are long
"""Peak memory of reading hostile and large import files (issue 11 §3; target < 300 MB).

Each file is built by one process and written to a temporary folder; a fresh Python
process (as a Celery worker would) then loads Django, reads it through
`tabular.read_table`, the reader every table import uses, and reports its peak RSS
(ru_maxrss, including Django itself and the file's bytes) and the time taken.

Cases: the 1.6 KB sheet with cells at A1 and XFD1048576; A1 and Z200000; 1,000,000 rows
as XLSX and as CSV (over the 200,000-row limit: refused while streaming); 200,000
employee rows of 16 columns as XLSX with shared strings (the largest accepted table).

    .venv/bin/python bench/bench_hostile_files.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASE = r"""
import io, json, os, resource, sys, time, zipfile
from pathlib import Path
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
os.environ.setdefault("PAMONG_DEV", "1")
import django
django.setup()
from pamong.core.errors import InputErrors
from pamong.imports.tabular import read_table
sys.path.insert(0, ROOT + "/tests/imports")
from test_hostile_xlsx import CONTENT_TYPES, RELS, WORKBOOK, WORKBOOK_RELS, sheet_file

def xlsx(rows_xml, shared=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        rels = WORKBOOK_RELS
        if shared is not None:
            rels = rels.replace("</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            with z.open("xl/sharedStrings.xml", "w") as f:
                f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                for s in shared:
                    f.write(b"<si><t>" + s.encode() + b"</t></si>")
                f.write(b"</sst>")
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for chunk in rows_xml:
                f.write(chunk.encode())
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()

case, mode, path = sys.argv[1], sys.argv[2], sys.argv[3]
header = ["nip", "nama", "kode_unit"]
if mode == "read":
    kwargs = {"required": ["k0" if case.startswith("employees") else "nip"], "ignore_unknown_columns": True}
    size = os.path.getsize(path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.monotonic()
    try:
        table = read_table(Path(path), source="f", **kwargs)
        outcome = f"read {len(table.rows)} rows"
    except InputErrors as exc:
        outcome = "refused: " + exc.lines()[0]
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"case": case, "file_mb": round(size / 2**20, 2), "seconds": round(seconds, 1), "peak_rss_mb": round(peak), "rss_after_django_setup_mb": round(before), "outcome": outcome}))
    raise SystemExit(0)
if case == "sparse-xfd":
    data = sheet_file({"A1": "nip", "XFD1048576": "x"}, dimension="A1:XFD1048576")
elif case == "sparse-z200000":
    data = sheet_file({"A1": "nip", "B1": "nama", "A200000": "1", "Z200000": ""})
elif case == "million-xlsx":
    def rows():
        yield '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in header) + "</row>"
        for n in range(2, 1_000_002):
            yield f'<row r="{n}"><c><v>{198000000000000000 + n}</v></c><c t="inlineStr"><is><t>Pegawai {n}</t></is></c><c t="inlineStr"><is><t>U{n % 500}</t></is></c></row>'
    data = xlsx(rows())
elif case == "million-csv":
    data = ("nip,nama,kode_unit\n" + "".join(f"{198000000000000000 + n},Pegawai {n},U{n % 500}\n" for n in range(1_000_000))).encode()
elif case == "employees-200k-xlsx":
    cols = 16
    header = [f"k{i}" for i in range(cols)]
    shared = header + [f"Nama Pegawai Nomor {n}" for n in range(200_000)]
    def rows():
        yield '<row r="1">' + "".join(f'<c t="s"><v>{i}</v></c>' for i in range(cols)) + "</row>"
        for n in range(200_000):
            cells = f'<c><v>{198000000000000000 + n}</v></c><c t="s"><v>{cols + n}</v></c>'
            cells += "".join(f'<c t="inlineStr"><is><t>nilai {i} {n % 97}</t></is></c>' for i in range(cols - 2))
            yield f'<row r="{n + 2}">{cells}</row>'
    data = xlsx(rows(), shared)
    header = None
Path(path).write_bytes(data)
"""

CASES = ["sparse-xfd", "sparse-z200000", "million-xlsx", "million-csv", "employees-200k-xlsx"]


def main() -> None:
    results = []
    code = f"ROOT = {str(ROOT)!r}\n" + CASE
    with tempfile.TemporaryDirectory() as tmp:
        for case in sys.argv[1:] or CASES:
            path = str(Path(tmp) / case)
            for mode in ("gen", "read"):  # the file is built in a process of its own
                out = subprocess.run(
                    [sys.executable, "-c", code, case, mode, path],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                )
                if out.returncode:
                    print(out.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(out.returncode)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result), flush=True)
    worst = max(r["peak_rss_mb"] for r in results)
    print(f"worst peak RSS: {worst} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
