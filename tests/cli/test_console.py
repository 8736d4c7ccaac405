"""`pamong` as a command line of its own: groups and verbs with help, Django's commands kept
apart, one language per message, and user errors without a traceback."""

from __future__ import annotations

import errno
import io
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from django.core.management import call_command, get_commands
from django.utils import translation

from pamong.cli import catalogue, text, tree
from pamong.cli.run import os_error_message, root

REPO = Path(__file__).resolve().parents[2]
DJANGO_INTERNALS = ("startproject", "squashmigrations", "sqlflush", "dumpdata", "shell", "flush")


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    text.activate("id")
    yield
    text.activate("id")
    translation.activate("id")


def pamong(*args: str, language: str = "id") -> click.testing.Result:
    text.activate(language)
    translation.activate(language)
    return CliRunner().invoke(root(), list(args), prog_name="pamong")


def listed(output: str) -> list[str]:
    """The names in the Commands/Perintah section of a group's help."""
    section = re.split(r"^(?:Commands|Perintah):\n", output, flags=re.M)[1]
    section = re.split(r"^\S", section, flags=re.M)[0]
    return re.findall(r"^  (\S+)", section, flags=re.M)


def test_main_help_lists_pamong_groups_with_descriptions_and_no_django_internals() -> None:
    result = pamong("--help")
    assert result.exit_code == 0
    names = listed(result.output)
    for group in ("import", "tpp", "user", "role", "tenant", "leave", "careers", "django"):
        assert group in names
    assert "migrate" in names  # the first step of every installation stays on the main list
    assert not any("_" in name for name in names), names
    assert not set(DJANGO_INTERNALS) & set(names)
    for line in re.findall(r"^  (\S+)( +)(.*)$", result.output.split("Contoh:")[0], flags=re.M):
        assert line[2].strip(), f"{line[0]} has no description"
    assert "Contoh:" in result.output and "pamong import units" in result.output


def test_import_help_lists_every_import() -> None:
    result = pamong("import", "--help")
    assert result.exit_code == 0
    names = set(listed(result.output))
    imports = [n for n, app in get_commands().items() if n.startswith("import_")]
    assert imports
    for name in imports:
        assert tree.path_of(name)[1] in names, name
    assert "semua-atau-tidak-sama-sekali" in result.output


def test_django_commands_live_under_pamong_django() -> None:
    result = pamong("django", "--help")
    assert result.exit_code == 0
    assert {"migrate", "squashmigrations", "collectstatic"} <= set(listed(result.output))


def test_every_verb_has_a_description_and_help_for_every_option() -> None:
    built = root()
    verbs = [(p, c) for p, c in built.walk() if isinstance(c, tree.ManagementCommand)]
    assert len(verbs) > 40
    for path, command in verbs:
        assert command.help and command.short_help, path
        for param in command.params:
            if getattr(param, "hidden", False):
                continue
            assert getattr(param, "help", None), (path, param.name)


def test_a_verb_help_shows_usage_options_and_examples() -> None:
    result = pamong("tpp", "run", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Penggunaan: pamong tpp run [OPSI]")
    assert "Hitung TPP satu bulan" in result.output
    assert "--period PERIOD" in result.output and "[wajib]" in result.output
    assert "pamong tpp run --tenant kupang --period 2026-10" in result.output
    assert "--skip-checks" not in result.output  # Django's own options stay out of the help


def test_english_with_lang_en() -> None:
    assert text.choose_language({"LANG": "en_US.UTF-8"}) == "en"
    assert text.choose_language({"LANG": "C.UTF-8"}) == "id"
    assert text.choose_language({}) == "id"
    assert text.choose_language({"LANGUAGE": "en:id", "LANG": "id_ID.UTF-8"}) == "en"
    english = pamong("import", "units", "--help", language="en")
    assert english.output.startswith("Usage: pamong import units [OPTIONS] FILE")
    assert "Import organisation units" in english.output and "Impor unit" not in english.output
    indonesian = pamong("import", "units", "--help", language="id")
    assert indonesian.output.startswith("Penggunaan: pamong import units [OPSI] FILE")
    assert "Impor unit organisasi" in indonesian.output and "Usage" not in indonesian.output


def test_every_help_text_has_an_indonesian_translation() -> None:
    missing = [t for t in catalogue.texts(root()) if not text.translated(t, "id")]
    assert not missing, (
        "add these to pamong/locale/id/LC_MESSAGES/cli.po "
        f"(python -m pamong.cli.catalogue), then compile: {missing}"
    )


def test_usage_errors_exit_2_in_one_language() -> None:
    result = pamong("import", "units")
    assert result.exit_code == 2
    assert "Galat: Argumen tidak ada 'FILE'." in result.output
    assert "Missing" not in result.output
    result = pamong("tpp", "rum", language="en")
    assert result.exit_code == 2 and "No such command 'rum'" in result.output


def readme_commands() -> list[list[str]]:
    """Every `pamong ...` command written in the README, docs, scripts, CI and deploy files."""
    found: list[list[str]] = []
    files = [REPO / "README.md", *(REPO / "docs").rglob("*.md"), *(REPO / "scripts").iterdir()]
    files += [REPO / ".ci" / "run", *(REPO / "deploy").rglob("*")]
    pattern = re.compile(
        r"(?:^|\s|`)(?:\S*/)?\.venv/bin/pamong ([^`#\n]+)|^pamong ([^`#\n]+)|`pamong ([^`\n]+)`"
    )
    for path in files:
        if not path.is_file() or path.suffix in (".png", ".py"):
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for match in pattern.finditer(line.strip()):
                words = next(g for g in match.groups() if g)
                words = re.sub(r"\[[^\]]*\]|\.\.\.|\$\{[^}]*\}|\"\$\{[^}]*\}\"", "", words)
                words = re.sub(r"(\S+?)\|\S+", r"\1", words).replace("…", "")
                try:
                    argv = shlex.split(words)
                except ValueError:
                    continue
                if argv and re.fullmatch(r"[a-z][a-z_-]*", argv[0]):
                    found.append(argv)
    return found


def test_every_command_in_the_readme_and_scripts_resolves() -> None:
    commands = readme_commands()
    assert ["import", "units", "--tenant", "kupang", "units.csv"] in commands
    assert len(commands) > 30
    built = root()
    for argv in commands:
        ctx = click.Context(built, info_name="pamong")
        words = [w for w in argv if not w.startswith("-")][:4]
        name, command, _rest = built.resolve_command(ctx, list(argv))
        while isinstance(command, click.Group) and _rest and not _rest[0].startswith("-"):
            sub_ctx = click.Context(command, parent=ctx)
            name, command, _rest = command.resolve_command(sub_ctx, _rest)
        assert command is not None, argv
        assert (
            not isinstance(command, click.Group)
            or command is built.django_group
            or (_rest == [] or _rest[0].startswith("-"))
        ), (argv, words)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["import", "units", "f.csv"], "import_units"),
        (["tenant_create", "--slug", "x"], "tenant_create"),
        (["import", "leave", "balances", "f.csv"], "import_leave_balances"),
        (["import", "leave-balances", "f.csv"], "import_leave_balances"),
        (["import", "leave", "f.csv"], "import_leave"),
        (["import", "tpp", "budget", "f.csv"], "import_tpp_budget"),
        (["tpp", "policy", "load", "x.yaml"], "tpp_policy_load"),
        (["careers", "kp", "due"], "careers_kp_due"),
        (["kinerja", "tree", "import", "--help"], "kinerja_tree_import"),
    ],
)
def test_old_and_new_spellings_resolve(argv: list[str], expected: str) -> None:
    built = root()
    ctx = click.Context(built, info_name="pamong")
    _name, command, rest = built.resolve_command(ctx, argv)
    while isinstance(command, click.Group):
        _name, command, rest = command.resolve_command(click.Context(command, parent=ctx), rest)
    assert isinstance(command, tree.ManagementCommand) and command.command_name == expected


def test_api_token_verbs_keep_their_old_spelling() -> None:
    assert pamong("api_token", "create", "--help").exit_code == 0
    result = pamong("api-token", "--help")
    assert {"create", "revoke"} <= set(listed(result.output))


def test_os_errors_read_as_one_sentence(tmp_path: Path) -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "skm.csv")
    assert os_error_message(missing) == "berkas skm.csv tidak ada"
    folder = tmp_path / "nowhere" / "out.xlsx"
    gone = FileNotFoundError(errno.ENOENT, "No such file or directory", str(folder))
    assert os_error_message(gone) == f"folder {folder.parent} tidak ada"
    text.activate("en")
    assert os_error_message(missing) == "file skm.csv does not exist"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_demo_shows_its_progress_on_a_terminal() -> None:
    err = Terminal()
    call_command(
        "demo", "--tenant-slug", "kupang", "--employees", "40", "--no-hooks",
        stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    shown = err.getvalue()
    assert "kupang: " in shown and "/5" in shown
    quiet = io.StringIO()  # not a terminal (a log file, CI): no bar
    call_command(
        "demo", "--tenant-slug", "kupang", "--employees", "40", "--no-hooks",
        stdout=io.StringIO(), stderr=quiet,
    )  # fmt: skip
    assert quiet.getvalue() == ""


def console(tmp: Path, *args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env.update(PAMONG_DATA_DIR=str(tmp), DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", LANG=lang)
    return subprocess.run(
        [str(Path(sys.executable).with_name("pamong")), *args],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_user_errors_in_the_real_console_command(tmp_path: Path) -> None:
    before = console(tmp_path, "tenant", "create", "--slug", "t", "--name", "T")
    assert before.returncode == 2
    assert before.stderr.strip() == (
        "Galat: Basis data belum siap: jalankan `pamong migrate` terlebih dahulu."
    )
    assert console(tmp_path, "migrate", "-v", "0").returncode == 0
    assert console(tmp_path, "tenant_create", "--slug", "t", "--name", "T").returncode == 0

    missing = console(tmp_path, "import", "skm", "--tenant", "t", str(tmp_path / "skm.csv"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.strip() == f"Galat: berkas {tmp_path / 'skm.csv'} tidak ada"

    out = tmp_path / "no-such-folder" / "pegawai.xlsx"
    folder = console(tmp_path, "export", "employees", "--tenant", "t", "--output", str(out))
    assert folder.returncode == 2 and "Traceback" not in folder.stderr
    assert f"folder {out.parent} tidak ada" in folder.stderr

    english = console(tmp_path, "import", "skm", "--tenant", "nowhere", "x.csv", lang="en_GB.UTF-8")
    assert english.returncode == 2
    assert english.stderr.strip() == "Error: tenant 'nowhere' does not exist"
    indonesian = console(tmp_path, "import", "skm", "--tenant", "nowhere", "x.csv")
    assert indonesian.stderr.strip() == "Galat: pemda 'nowhere' tidak ada"
