from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    """12500000 → "Rp12.500.000" (integer rupiah, Indonesian grouping)."""
    if value is None:
        return "—"
    return "Rp" + f"{int(value):,}".replace(",", ".")


@register.filter
def pct_width(value: int | None) -> int:
    """A percentage clamped to 0–100 for a CSS bar width."""
    return max(0, min(100, int(value or 0)))


@register.filter
def stat_total(board: object, name: str) -> int:
    """A dashboard's sum over its OPD rows (templates cannot call methods with arguments)."""
    return int(board.total(name))  # type: ignore[attr-defined]
