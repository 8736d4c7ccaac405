"""Shared bits of the attendance commands."""

from __future__ import annotations

from pathlib import Path

from pamong.core.errors import InputError, InputErrors


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputErrors([InputError(message=exc.strerror or str(exc), source=str(path))]) from exc
