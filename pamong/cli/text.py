"""The language of the command line: Indonesian by default, English with `LANG=en*`.

The command line's own words (click's "Usage:", "Missing argument", the commands' and
options' help, Pamong's error messages) come from the `cli` gettext catalogue in
`pamong/locale/id/LC_MESSAGES/cli.po`: its message ids are the English texts written in the
management commands, so that English needs no catalogue. Messages the commands print
themselves follow Django's active language, which `pamong.cli.main` activates to match.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import importlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "cli"
DEFAULT_LANGUAGE = "id"
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def choose_language(environ: Mapping[str, str]) -> str:
    """`en` when the first locale variable that is set (as gettext reads them) is English."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.split(":")[0].lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> stdlib_gettext.NullTranslations:
    return stdlib_gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True
    )


class Language:
    """The active command-line language; `T` translates with it."""

    code = DEFAULT_LANGUAGE


def activate(language: str) -> None:
    """Use `language` for the command line, click's own messages included."""
    Language.code = language
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = T  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = N  # type: ignore[attr-defined]


def T(message: str) -> str:  # noqa: N802 - the conventional gettext shorthand
    if not message:
        return message
    return catalogue(Language.code).gettext(message)


def N(singular: str, plural: str, n: int) -> str:  # noqa: N802
    return catalogue(Language.code).ngettext(singular, plural, n)


def translated(message: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Whether the catalogue of `language` has this message (English needs none)."""
    if language == "en":
        return True
    return message in getattr(catalogue(language), "_catalog", {})
