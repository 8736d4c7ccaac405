"""A hook that raises: the demo goes on unless --strict-hooks."""

from typing import Any


def generate(**kwargs: Any) -> None:
    raise RuntimeError("half-finished module")
