"""The reach chart: each language's representation ratio with its interval, as inline SVG.

No colour carries meaning (one blue for bars, black for intervals and the line at 1), every
number is in the table beside it, and the chart has a text alternative.
"""

from __future__ import annotations

from html import escape

from api.metrics.tables import Table

ROW, LABEL, WIDTH, TOP = 22, 90, 460, 24
BLUE, INK = "#005eb8", "#212b32"


def reach_chart(table: Table) -> str:
    """Horizontal bars of the ratio, whiskers for the interval, a dashed line at 1."""
    rows = [
        (label, e[3].number, e[4].number, e[5].number)
        for label, e in table.rows
        if e[3].number is not None and e[4].number is not None and e[5].number is not None
    ]
    if not rows:
        return ""
    top = max([2.0] + [high for *_rest, high in rows if high is not None])
    scale = WIDTH / top

    def x(value: float) -> float:
        return LABEL + value * scale

    parts = [
        f'<line x1="{x(1):.1f}" y1="4" x2="{x(1):.1f}" y2="{TOP + ROW * len(rows)}" '
        f'stroke="{INK}" stroke-dasharray="4 3"/>',
        f'<text x="{x(1) + 4:.1f}" y="14" font-size="12" fill="{INK}">'
        "1 = as in the population</text>",
    ]
    for index, (label, ratio, low, high) in enumerate(rows):
        y = TOP + index * ROW
        parts.append(f'<text x="0" y="{y + 14}" font-size="13" fill="{INK}">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{(ratio or 0) * scale:.1f}" '
                     f'height="{ROW - 8}" fill="{BLUE}"/>')  # fmt: skip
        parts.append(f'<line x1="{x(low or 0):.1f}" y1="{y + 10}" x2="{x(high or 0):.1f}" '
                     f'y2="{y + 10}" stroke="{INK}" stroke-width="2"/>')  # fmt: skip
        for end in (low, high):
            parts.append(f'<line x1="{x(end or 0):.1f}" y1="{y + 5}" x2="{x(end or 0):.1f}" '
                         f'y2="{y + 15}" stroke="{INK}" stroke-width="2"/>')  # fmt: skip
    height = TOP + ROW * len(rows) + 4
    return (
        f'<svg role="img" aria-labelledby="reach-chart-title" width="{LABEL + WIDTH + 40}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="reach-chart-title">Representation ratio by language, bars, with 95 % '
        "intervals as lines; the same numbers are in the table below.</title>"
        f"{''.join(parts)}</svg>"
    )
