"""Bulk actions with a result per item: each item runs through the one service of its
action, in its own transaction, so one refusal leaves the others done (issue 10 §5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.core.errors import InputErrors

T = TypeVar("T")
MAX_ITEMS = 200


@dataclass(frozen=True)
class ItemResult:
    label: str
    ok: bool
    message: str


def _message(exc: Exception) -> str:
    if isinstance(exc, InputErrors):
        return "; ".join(e.message for e in exc.errors) or _("ditolak")
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc.args[0]) if exc.args and exc.args[0] else _("tidak berwenang")


def run_each(
    items: Iterable[T], label: Callable[[T], str], action: Callable[[T], object], done: str
) -> list[ItemResult]:
    results = []
    for item in items:
        try:
            with transaction.atomic():
                action(item)
        except (InputErrors, ValidationError, PermissionDenied) as exc:
            results.append(ItemResult(label(item), False, _message(exc)))
        else:
            results.append(ItemResult(label(item), True, done))
    return results


def selected_ids(values: list[str]) -> list[int]:
    """The checked ids of a bulk form (digits only, at most MAX_ITEMS)."""
    return [int(v) for v in values if v.isdigit()][:MAX_ITEMS]


def missing_results(wanted: list[int], found: Iterable[int]) -> list[ItemResult]:
    """Checked ids that are not (or no longer) in the actor's list."""
    known = set(found)
    return [
        ItemResult(f"#{pk}", False, _("tidak ditemukan atau tidak lagi menunggu Anda"))
        for pk in wanted
        if pk not in known
    ]
