"""Every text the command line shows, for its Indonesian catalogue (`cli.po`).

    .venv/bin/python -m pamong.cli.catalogue     # add missing texts to cli.po, then
    # translate the new (empty) msgstr entries and compile:
    msgfmt -o pamong/locale/id/LC_MESSAGES/cli.mo pamong/locale/id/LC_MESSAGES/cli.po

A test fails when a help text has no Indonesian translation.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

import click

from pamong.cli import run, tree
from pamong.cli.text import LOCALE_DIR

PO = LOCALE_DIR / "id" / "LC_MESSAGES" / "cli.po"

# click's own messages that Pamong's commands can show.
CLICK = (
    "Usage:",
    "Options",
    "Commands",
    "Positional arguments",
    "Show this message and exit.",
    "Error: {message}",
    "Missing argument",
    "Missing option",
    "Missing parameter",
    "Missing command.",
    "No such command {name!r}.",
    "No such option {name!r}.",
    "Option {name!r} does not take a value.",
    "Try '{command} {option}' for help.",
    "Invalid value for {param_hint}: {message}",
    "Invalid value: {message}",
    "{value!r} is not a valid {number_type}.",
    "Aborted!",
    "default: {default}",
    "required",
    "Show the version and exit.",
    "%(prog)s, version %(version)s",
)
CLICK_PLURAL = (
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
)
OWN = (
    "Examples",
    "[OPTIONS]",
    "COMMAND [ARGS]...",
    "{value!r} is not valid here.",
    run.MIGRATE,
    "folder {folder} does not exist",
    "file {file} does not exist",
    "no permission to use {file}",
    "{file} is a folder, not a file",
    "a part of {file} is not a folder",
    "the disk is full",
    "cannot reach the database: {error}",
)


def command_texts(command: tree.ManagementCommand) -> Iterator[str]:
    command._loaded  # noqa: B018 - builds command.parser
    parser: argparse.ArgumentParser = command.parser
    cls = tree.loaded(command.app, command.command_name)
    if command.subcommand:
        for action in cls.create_parser("pamong", command.command_name)._actions:
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.dest == command.subcommand and choice.help:
                        yield " ".join(choice.help.split())
    else:
        yield " ".join(str(cls.help or "").split())
    for action in parser._actions:
        hidden = action.help == argparse.SUPPRESS or bool(
            set(action.option_strings) & tree.DJANGO_BASE_OPTIONS
        )
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction) or hidden:
            continue
        text = tree.raw_help(action, command.command_name)
        if text:
            yield text


def texts(root: tree.Root) -> list[str]:
    """The English message ids of everything Pamong's help and errors can show."""
    found: list[str] = [tree.ROOT_HELP, *tree.GROUPS.values(), *tree.PROMOTED.values()]
    found += [*CLICK, *OWN]
    for _path, command in root.walk():
        if isinstance(command, tree.ManagementCommand):
            found += list(command_texts(command))
    return list(dict.fromkeys(t for t in found if t))


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def update_po() -> list[str]:
    """Append the texts cli.po lacks, with empty translations; returns them."""
    from pamong.cli.text import catalogue

    known = getattr(catalogue("id"), "_catalog", {})
    existing = PO.read_text(encoding="utf-8") if PO.exists() else ""
    missing = [
        t for t in texts(run.root()) if t not in known and f"msgid {quote(t)}" not in existing
    ]
    with PO.open("a", encoding="utf-8") as po:
        for text in missing:
            po.write(f'\nmsgid {quote(text)}\nmsgstr ""\n')
    return missing


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    for text in update_po():
        click.echo(f"added: {text}")
