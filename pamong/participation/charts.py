"""Tiny server-side SVG charts (no JavaScript, no CDN), accessible via title/desc and a table.

Every label is escaped; values are numbers we computed, never text a citizen typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 40, 30, 14


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    max_value: float | None = None,
    suffix: str = "",
    colour: str = "#14457a",
    ident: str = "chart",
) -> SafeString:
    """A vertical bar chart of (label, value) pairs as inline SVG. Screen readers get the
    title and, as its description, every value in words (`ident` keeps ids unique)."""
    top = max_value if max_value is not None else max((v for _l, v in points), default=0)
    top = top or 1
    inner_w, inner_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = inner_w / max(len(points), 1)
    parts: list[str] = []
    for i, (label, value) in enumerate(points):
        h = inner_h * max(value, 0) / top
        x = PAD_LEFT + i * slot + slot * 0.15
        y = PAD_TOP + inner_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{colour}"><title>{escape(label)}: {_fmt(value)}{escape(suffix)}</title></rect>'
            f'<text x="{x + slot * 0.35:.1f}" y="{max(y - 2, 10):.1f}" font-size="10" '
            f'text-anchor="middle">{_fmt(value)}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - 12}" font-size="10" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    axis = (
        f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + inner_h}" x2="{WIDTH - 8}" '
        f'y2="{PAD_TOP + inner_h}" stroke="#4a5560"/>'
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 4}" font-size="10" text-anchor="end">'
        f"{_fmt(top)}{escape(suffix)}</text>"
        f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + inner_h}" font-size="10" '
        f'text-anchor="end">0</text>'
    )
    body = mark_safe(axis + "".join(parts))  # noqa: S308 - every label above is escaped
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        ident,
        ident,
        ident,
        title,
        ident,
        describe(points, suffix),
        body,
    )


def describe(points: Sequence[tuple[str, float]], suffix: str = "") -> str:
    """The chart's values as one line of text ("Jan 26: 3; Feb 26: 5")."""
    if not points:
        return str(_("Tidak ada data."))
    return "; ".join(f"{label}: {_fmt(value)}{suffix}" for label, value in points)


def chart_figure(
    title: str,
    points: Sequence[tuple[str, float]],
    *,
    ident: str,
    max_value: float | None = None,
    suffix: str = "",
    colour: str = "#14457a",
) -> SafeString:
    """The chart in a figure with its title visible above it and, as its text
    alternative, the same figures in a small table one tap away (works without JS)."""
    svg = bar_chart(title, points, max_value=max_value, suffix=suffix, colour=colour, ident=ident)
    rows = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="num">{}{}</td></tr>',
        ((label, _fmt(value), suffix) for label, value in points),
    )
    return format_html(
        '<figure class="chart-figure" id="{}"><figcaption><strong>{}</strong></figcaption>{}'
        '<details><summary>{}</summary><table><thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table></details></figure>',
        ident,
        title,
        svg,
        _("Data grafik dalam teks"),
        _("Bulan"),
        _("Nilai"),
        rows,
    )
