"""docs/formats.md and the README name every import Pamong has, and the worked examples
the tests use live in the repository (issue 12 §7)."""

from __future__ import annotations

import re

from django.core.management import get_commands

from tests.examples import REPO, SELECTION_EXAMPLE, WORKED_EXAMPLE

FORMATS = (REPO / "docs" / "formats.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _is_import(name: str) -> bool:
    return name.startswith("import_") or "_import_" in name or name.endswith(("_import", "_load"))


def _import_commands() -> list[str]:
    """Every Pamong command that reads a file into the database, in the README's words."""
    names = [
        name
        for name, app in get_commands().items()
        if str(app).startswith("pamong") and _is_import(name)
    ]
    names.append("restore")
    return sorted(name.replace("_", " ") for name in names)


def test_every_import_is_in_the_formats_document_and_the_readme() -> None:
    commands = _import_commands()
    assert len(commands) >= 20
    assert [c for c in commands if f"pamong {c}" not in FORMATS] == []
    assert [c for c in commands if f"pamong {c}" not in README] == []
    assert "docs/formats.md" in README


def test_import_help_points_into_the_repository() -> None:
    from django.core.management import load_command_class

    for name, app in get_commands().items():
        if not str(app).startswith("pamong") or name.startswith("_"):
            continue
        help_text = str(load_command_class(str(app), name).help)
        # "formats.md" alone meant a document outside the repository.
        assert not re.search(r"(?<![/\w])formats\.md", help_text), (name, help_text)
        if _is_import(name):
            assert "docs/formats" in help_text, (name, help_text)


def test_worked_examples_are_in_the_repository() -> None:
    for name in ("units.csv", "employees.csv", "tpp-policy.yaml", "expected-tpp-2026-10.csv"):
        assert (WORKED_EXAMPLE / name).is_file()
    for name in ("formasi.csv", "peserta.csv", "skb.csv", "expected-ranking.csv"):
        assert (SELECTION_EXAMPLE / name).is_file()
    # The document's worked example runs the files it ships.
    for line in re.findall(r"^pamong import \w+ .*$", FORMATS, re.M):
        if "docs/formats/example/" in line:
            path = REPO / line.split()[-1]
            assert path.is_file(), line
