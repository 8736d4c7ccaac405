"""Money is integer rupiah or exact Decimal/Fraction, rounded half-up in one place."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def round_rupiah(value: Decimal | Fraction | int) -> int:
    """Round half-up (away from zero at .5) to whole rupiah, exactly (tpp.md §6)."""
    if isinstance(value, float):
        raise TypeError("money must never be a float")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    num, den = value.numerator, value.denominator
    if num >= 0:
        return (2 * num + den) // (2 * den)
    return -((-2 * num + den) // (2 * den))
