"""Turn audit entries into rows of "field: before → after" for display."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pamong.core.models import AuditLog


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditRow:
    entry: AuditLog
    changes: list[Change]


def changes_of(entry: AuditLog) -> list[Change]:
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    fields = sorted(set(before) | set(after))
    return [Change(f, before.get(f), after.get(f)) for f in fields if before.get(f) != after.get(f)]


def audit_rows(entries: list[AuditLog]) -> list[AuditRow]:
    return [AuditRow(entry, changes_of(entry)) for entry in entries]
