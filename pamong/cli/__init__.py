"""The `pamong` console command.

`pamong --help` lists Pamong's groups and verbs (`pamong import units FILE`, `pamong tpp
policy load FILE`), each built from the management command of the same words
(`import_units`, `tpp_policy_load`, see `pamong.cli.tree`). Django's own commands are under
`pamong django ...`. Messages are Indonesian unless `LANG` (or `LANGUAGE`, `LC_ALL`,
`LC_MESSAGES`) asks for English; a user's mistake is told in one sentence, never with a
traceback, and exits with status 2.
"""

from __future__ import annotations

import os
import sys


def resolve_command(argv: list[str], known: set[str]) -> list[str]:
    """Join the leading words of argv into the longest known command name."""
    for width in range(min(4, len(argv)), 1, -1):
        words = argv[:width]
        if any(w.startswith("-") for w in words):
            continue
        name = "_".join(words)
        if name in known:
            return [name, *argv[width:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    from pamong.cli.text import activate, choose_language

    language = choose_language(os.environ)
    activate(language)

    import django
    from django.db import connections
    from django.utils import translation

    django.setup()
    from pamong.cli.run import root

    args = list(sys.argv[1:] if argv is None else argv)
    # Scoped, so that a caller in the same process (tests, a shell) keeps its own language.
    with translation.override(language):
        try:
            root().main(args=args, prog_name="pamong")
        finally:
            connections.close_all()


if __name__ == "__main__":
    main()
