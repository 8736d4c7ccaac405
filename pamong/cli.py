"""The `pamong` console command.

Every Django management command is reachable as `pamong <command>`. Multi-word commands of
the public contract (`pamong import units`, `pamong tpp policy load`) map to management
commands whose words are joined by underscores (`import_units`, `tpp_policy_load`).
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
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    args = list(sys.argv[1:] if argv is None else argv)
    args = resolve_command(args, set(get_commands()))
    execute_from_command_line(["pamong", *args])


if __name__ == "__main__":
    main()
