"""What the commands print is in one language: Indonesian by default, English under LANG=en*.

The messages go through gettext (Indonesian message ids, English in
pamong/locale/en/LC_MESSAGES/django.po), the shared phrasings through pamong.core.cli;
machine-readable output (CSV on stdout, tokens, activation links) stays as it is.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

import pamong
from pamong.cli import text
from pamong.cli.run import root
from pamong.core.cli import counts_line, employees, wrote_line
from pamong.core.models import Tenant
from tests.factories import TenantFactory
from tests.imports.helpers import EXAMPLE

ROOT = Path(pamong.__file__).parent


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    yield
    text.activate("id")
    translation.activate("id")


def pamong_cli(*args: str, language: str) -> tuple[int, str]:
    """The console command as `pamong.cli.main` runs it, in `language`."""
    from click.testing import CliRunner

    text.activate(language)
    with translation.override(language):
        result = CliRunner().invoke(root(), list(args), prog_name="pamong")
    return result.exit_code, result.output


def test_shared_phrasings_in_both_languages() -> None:
    counts = {"created": 4, "updated": 1, "unchanged": 0}
    assert counts_line(counts) == "dibuat 4, diperbarui 1, tidak berubah 0"
    assert counts_line(counts, "sanksi") == "sanksi: dibuat 4, diperbarui 1, tidak berubah 0"
    assert wrote_line("a.csv", employees(1)) == "ditulis ke a.csv (1 pegawai)"
    with translation.override("en"):
        assert counts_line(counts) == "created 4, updated 1, unchanged 0"
        assert wrote_line("a.csv", employees(1)) == "wrote a.csv (1 employee)"
        assert wrote_line("a.csv", employees(6)) == "wrote a.csv (6 employees)"


@pytest.mark.django_db
def test_commands_print_indonesian_by_default_and_english_under_lang_en(
    tmp_path: Path,
) -> None:
    TenantFactory(slug="bahasa")
    units = str(EXAMPLE / "units.csv")
    status, out = pamong_cli("import", "units", "--tenant", "bahasa", units, language="id")
    assert (status, out.strip()) == (0, "dibuat 4, diperbarui 0, tidak berubah 0")
    status, out = pamong_cli("import", "units", "--tenant", "bahasa", units, language="en")
    assert (status, out.strip()) == (0, "created 0, updated 0, unchanged 4")

    output = tmp_path / "pegawai.csv"
    args = ("export", "employees", "--tenant", "bahasa", "--output", str(output))
    assert pamong_cli(*args, language="id")[1].strip() == f"ditulis ke {output} (0 pegawai)"
    assert pamong_cli(*args, language="en")[1].strip() == f"wrote {output} (0 employees)"

    args = ("leave", "settings", "--tenant", "bahasa", "--first-year", "2025")
    assert pamong_cli(*args, language="id")[1].strip() == "tahun pertama yang dicatat: 2025"
    assert pamong_cli(*args, language="en")[1].strip() == "first tracked year: 2025"

    args = ("tenant", "create", "--slug", "dua", "--name", "Dua")
    assert pamong_cli(*args, language="en")[1].strip() == ("created tenant dua (Dua, Asia/Jakarta)")
    status, out = pamong_cli("tenant", "create", "--slug", "dua", "--name", "Dua", language="id")
    assert status == 2 and "pemda tidak dibuat" in out and "not created" not in out
    assert Tenant.objects.filter(slug="dua").count() == 1


@pytest.mark.django_db
def test_machine_readable_output_is_unchanged_in_english() -> None:
    TenantFactory(slug="csv")
    out = io.StringIO()
    with translation.override("en"):
        call_command(
            "competence_ledger", "--tenant", "csv", "--year", "2026", "--output", "-", stdout=out
        )
    indonesian = io.StringIO()
    call_command(
        "competence_ledger", "--tenant", "csv", "--year", "2026", "--output", "-", stdout=indonesian
    )
    assert out.getvalue() == indonesian.getvalue() and out.getvalue().strip()


# A message is translated when it is made by gettext (`_`, `ngettext`), by a shared
# phrasing of pamong.core.cli, or is a value the command shows as it is (a name, a token).
OUTPUT_METHODS = {"write"}
STREAMS = {"stdout", "stderr"}


def _literal_text(node: ast.expr) -> str:
    """The words of a string written in the source, if the expression is one."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _literal_text(node.left) + _literal_text(node.right)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join")
    ):
        return _literal_text(node.func.value)
    return ""


# Codes and legal terms kept as they are in a tab-separated row or a file position.
KEPT = {"nip", "MKG"}


def _has_words(text: str) -> bool:
    return any(w not in KEPT for w in re.findall(r"[A-Za-z]{2,}", text))


def _untranslated(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        stream = node.func.value
        is_output = (
            node.func.attr in OUTPUT_METHODS
            and isinstance(stream, ast.Attribute)
            and stream.attr in STREAMS
        )
        if not is_output or not node.args:
            continue
        words = _literal_text(node.args[0])
        # Words written in the source are read by a person: they must be translated.
        if _has_words(words):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words!r}")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "CommandError"
            and node.args
        ):
            words = _literal_text(node.args[0])
            if _has_words(re.sub(r"--[\w-]+", "", words)):  # an option's name is kept
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {words!r}")
    return found


def test_no_command_prints_an_untranslated_literal() -> None:
    files = [*ROOT.glob("*/management/commands/*.py"), ROOT / "core" / "cli.py"]
    assert len(files) > 40
    found = [line for path in sorted(files) for line in _untranslated(path)]
    assert not found, "wrap these in gettext (or a pamong.core.cli phrasing):\n" + "\n".join(found)


def test_the_scan_finds_an_untranslated_message(tmp_path: Path) -> None:
    path = ROOT / "core" / "management" / "commands" / "__scan_probe__.py"
    try:
        path.write_text(
            "from django.core.management.base import CommandError\n"
            "def f(self, n):\n"
            '    self.stdout.write(f"wrote {n} rows")\n'
            '    self.stdout.write(_("ditulis %(n)s") % {"n": n})\n'
            '    raise CommandError("no such thing here")\n'
        )
        found = _untranslated(path)
    finally:
        path.unlink()
    assert [line.split(": ", 1)[1] for line in found] == ["'wrote  rows'", "'no such thing here'"]
