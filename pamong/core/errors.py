"""Input problems reported as FILE:ROW:COLUMN: message (formats.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputError:
    message: str
    row: int | None = None
    column: str | None = None
    source: str = ""

    def line(self) -> str:
        parts = [self.source or "-"]
        if self.row is not None:
            parts.append(str(self.row))
            parts.append(self.column or "")
        return ":".join(parts) + f": {self.message}"


class InputErrors(Exception):
    """One or more problems with user input; nothing was written."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors

    def lines(self) -> list[str]:
        return [e.line() for e in self.errors]
