"""The domain map in docs/architecture.md, drawn from the code's own imports.

`python -m tests.architecture.domain_map` rewrites the Mermaid picture between the
`domain-map` markers of docs/architecture.md; `test_domain_map.py` fails when the picture
is out of date. The layers are those of the `layers` contract in .importlinter.
"""

from __future__ import annotations

import configparser
import re
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- domain-map:start -->", "<!-- domain-map:end -->"
LAYER_NAMES = [
    "entry points",
    "interfaces",
    "cross-cutting readers",
    "domains",
    "imports",
    "organisation",
    "platform",
]


def layers() -> list[list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    rows = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    return [[a.strip(" ()") for a in re.split(r"[|:]", row)] for row in rows]


def app_imports() -> Counter[tuple[str, str]]:
    graph = grimp.build_graph("pamong")
    counts: Counter[tuple[str, str]] = Counter()
    for importer in graph.modules:
        parts = importer.split(".")
        if len(parts) < 2:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            other = imported.split(".")
            if len(other) >= 2 and other[0] == "pamong" and other[1] != parts[1]:
                counts[(parts[1], other[1])] += 1
    return counts


def mermaid() -> str:
    present = {p.name for p in (ROOT / "pamong").iterdir() if (p / "__init__.py").exists()}
    present |= {p.stem for p in (ROOT / "pamong").glob("*.py") if p.stem != "__init__"}
    lines = ["```mermaid", "flowchart TB"]
    shown: set[str] = set()
    for name, apps in zip(LAYER_NAMES, layers(), strict=False):
        apps = [a for a in apps if a in present]
        if not apps:
            continue
        lines.append(f'  subgraph layer_{name.replace(" ", "_")}["{name}"]')
        lines += [f"    {a}" for a in apps]
        lines.append("  end")
        shown |= set(apps)
    for (src, dst), n in sorted(app_imports().items()):
        if src in shown and dst in shown:
            lines.append(f"  {src} -->|{n}| {dst}")
    lines.append("```")
    return "\n".join(lines)


def rendered_doc() -> str:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{mermaid()}\n{END}{tail}"


if __name__ == "__main__":
    DOC.write_text(rendered_doc(), encoding="utf-8")
    sys.stdout.write(f"{DOC.relative_to(ROOT)}: domain map redrawn\n")
