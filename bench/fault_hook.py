"""Run a `pamong` command and SIGKILL it before its Nth SQL statement (fault injection).

    python bench/fault_hook.py N pamong-args...

N = 0 runs the command to the end. Either way the number of statements executed so far is
written to stderr as `statements: K` (when the process is still alive to write it).
Used by bench/fault_injection.py; it touches nothing in Pamong itself: the hook is a
Django execute wrapper installed on every new connection of this process.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any


def main() -> None:
    kill_at, args = int(sys.argv[1]), sys.argv[2:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pamong.settings")
    import django

    django.setup()
    from django.db.backends.signals import connection_created

    count = 0

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no rollback: a crash
        return execute(sql, params, many, context)

    def install(sender: Any, connection: Any, **kwargs: Any) -> None:
        connection.execute_wrappers.append(wrapper)

    connection_created.connect(install)
    from pamong.cli import main as pamong_main

    try:
        pamong_main(args)
    finally:
        sys.stderr.write(f"statements: {count}\n")


if __name__ == "__main__":
    main()
