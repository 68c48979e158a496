"""Server-rendered SVG bar charts (no script, nothing from a CDN). Each chart is an image with a
text alternative; the page puts the same figures in a table for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_COLORS = ("#1f5f9e", "#4f9a48", "#d08a1c", "#b23b3b")


def bar_chart(
    title: str, rows: Sequence[tuple[str, Sequence[Decimal | int]]], *, series: Sequence[str], maximum: Decimal | int
) -> SafeString:
    """Horizontal stacked bars, one row per unit; values are drawn against `maximum`."""
    label_w, bar_w, row_h = 170, 360, 22
    height = row_h * len(rows) + 40
    top = Decimal(maximum) if maximum else Decimal(1)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {label_w + bar_w + 70} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, values) in enumerate(rows):
        y = 10 + i * row_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label[:14])}</text>'
        )
        x = Decimal(label_w)
        for j, value in enumerate(values):
            width = (Decimal(value) / top * bar_w).quantize(Decimal("0.1")) if value else Decimal(0)
            if width > 0:
                color = _COLORS[j % len(_COLORS)]
                parts.append(f'<rect x="{x}" y="{y + 3}" width="{width}" height="{row_h - 6}" fill="{color}"/>')
            x += width
        total = sum((Decimal(v) for v in values), Decimal(0))
        parts.append(f'<text x="{x + 4}" y="{y + 15}" font-size="12">{escape(str(total))}</text>')
    legend_y = height - 12
    for j, name in enumerate(series):
        lx = label_w + j * 90
        parts.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{_COLORS[j % len(_COLORS)]}"/>')
        parts.append(f'<text x="{lx + 14}" y="{legend_y}" font-size="12">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped


def column_chart(title: str, columns: Sequence[tuple[str, int]]) -> SafeString:
    """Vertical columns (e.g. items per month), each with its value above it."""
    col_w, gap, plot_h, top_pad, label_h = 36, 12, 160, 20, 24
    width = len(columns) * (col_w + gap) + gap
    height = top_pad + plot_h + label_h
    peak = max((value for _, value in columns), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(columns):
        x = gap + i * (col_w + gap)
        bar_h = round(plot_h * value / peak, 1)
        y = top_pad + plot_h - bar_h
        if value:
            parts.append(f'<rect x="{x}" y="{y}" width="{col_w}" height="{bar_h}" fill="{_COLORS[0]}"/>')
        parts.append(
            f'<text x="{x + col_w / 2}" y="{y - 4}" text-anchor="middle" font-size="12">{escape(str(value))}</text>'
        )
        parts.append(
            f'<text x="{x + col_w / 2}" y="{height - 6}" text-anchor="middle" font-size="12">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
