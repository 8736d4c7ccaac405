"""Realisation against target as a percentage, for the SKP page.

Realisations are recorded per month as text ("12", "12 data", "95,5 %"). A kuantitas
indicator adds its months up (the target is the year's amount); the other aspects
(kualitas, waktu, biaya) compare the latest month with the target. Without a number on
either side there is no percentage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

NUMBER_RE = re.compile(r"-?\d+(?:[.,]\d+)?")


def first_number(text: str) -> Decimal | None:
    """The first number in a text; a comma is a decimal separator ("95,5" = 95.5)."""
    match = NUMBER_RE.search(text.replace(".", "") if re.search(r"\d\.\d{3}\b", text) else text)
    if match is None:
        return None
    try:
        return Decimal(match.group(0).replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None


def achievement_percent(
    aspect: str, target: str, target_number: Decimal | None, values: Iterable[tuple[str, str]]
) -> Decimal | None:
    """Realisation / target × 100, to one decimal; `values`: (period, value) pairs."""
    goal = target_number if target_number is not None else first_number(target)
    if goal is None or goal <= 0:
        return None
    numbers = [(period, first_number(value)) for period, value in values]
    known = [(period, n) for period, n in numbers if n is not None]
    if not known:
        return None
    if aspect == "kuantitas":
        done = sum((n for _p, n in known), Decimal(0))
    else:
        done = max(known, key=lambda pair: pair[0])[1]
    return (done * 100 / goal).quantize(Decimal("0.1"))
