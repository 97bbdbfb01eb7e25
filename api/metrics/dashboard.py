"""The equity dashboard page: server-rendered HTML with inline SVG charts (no scripts, no CDN)."""

from __future__ import annotations

from html import escape

from api.metrics.cells import SUPPRESSED_TEXT, Cell, Summary

FUNNEL = ("contacts", "assessments_completed", "bookings")
LABELS = {"contacts": "Contacts", "assessments_completed": "Completed", "bookings": "Booked"}
COLOURS = {"contacts": "#005eb8", "assessments_completed": "#007f3b", "bookings": "#ffb81c"}
BAR_HEIGHT, LABEL_WIDTH, CHART_WIDTH = 14, 220, 420
STYLE = """
body{font-family:Arial,sans-serif;margin:2rem;color:#212b32;max-width:60rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d8dde0;padding:.25rem .5rem}
.key span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
.note{color:#4c6272}
"""


def _value(cell: Cell | None) -> str:
    """A cell as text: the count, "<5" when withheld, 0 when absent."""
    if cell is None:
        return "0"
    return SUPPRESSED_TEXT if cell.suppressed else str(cell.value)


def _bar(measure: str, cell: Cell | None, y: int, biggest: int) -> str:
    """One bar with its number; a withheld count is a short hatched stub."""
    withheld = cell is not None and cell.suppressed
    if cell is None or withheld:
        width = 4 if withheld else 0  # nothing to draw for zero
    else:
        width = max((cell.value or 0) * CHART_WIDTH // biggest, 1)
    fill = "url(#withheld)" if withheld else COLOURS[measure]
    text = escape(_value(cell))
    return (
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT - 2}" fill="{fill}">'
        f"<title>{LABELS[measure]}: {text}</title></rect>"
        f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 10}" font-size="10">{text}</text>'
    )


def _bars(groups: list[str], by_key: dict[tuple[str, str], Cell]) -> str:
    """Horizontal bars of the funnel measures (contacts, completed, booked) per group."""
    biggest = max([c.value or 0 for c in by_key.values()] + [1])
    rows, y = [], 0
    for group in groups:
        rows.append(f'<text x="0" y="{y + 11}" font-size="12">{escape(group[:32])}</text>')
        for measure in FUNNEL:
            rows.append(_bar(measure, by_key.get((measure, group)), y, biggest))
            y += BAR_HEIGHT
        y += 8
    pattern = (
        '<defs><pattern id="withheld" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0,4 L4,0" stroke="#768692"/></pattern></defs>'
    )
    return (
        f'<svg role="img" aria-label="Contacts, completed and booked by group" '
        f'width="{LABEL_WIDTH + CHART_WIDTH + 40}" height="{y + 4}" '
        f'xmlns="http://www.w3.org/2000/svg">{pattern}{"".join(rows)}</svg>'
    )


def _table(groups: list[str], by_key: dict[tuple[str, str], Cell]) -> str:
    """The same numbers as a table (readable without the chart)."""
    head = "".join(f"<th>{LABELS[m]}</th>" for m in FUNNEL)
    body = "".join(
        f"<tr><th>{escape(g)}</th>"
        + "".join(f"<td>{escape(_value(by_key.get((m, g))))}</td>" for m in FUNNEL)
        + "</tr>"
        for g in groups
    )
    return f"<table><tr><th></th>{head}</tr>{body}</table>"


def section(title: str, summary: Summary) -> str:
    """One split (channel, language or need) as a chart and a table."""
    by_key = {(c.measure, c.group): c for c in summary.cells if c.measure in FUNNEL}
    groups = sorted({group for _measure, group in by_key})
    if not groups:
        return f"<h2>{escape(title)}</h2><p class='note'>Nothing to show for these dates.</p>"
    return f"<h2>{escape(title)}</h2>{_bars(groups, by_key)}{_table(groups, by_key)}"


def page(summaries: dict[str, Summary]) -> str:
    """The whole dashboard page."""
    first = next(iter(summaries.values()))
    key = "".join(f'<span style="background:{COLOURS[m]}"></span>{LABELS[m]}' for m in FUNNEL)
    sections = "".join(section(f"By {by}", s) for by, s in summaries.items())
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Front Door equity dashboard</title><style>{STYLE}</style></head><body>"
        f"<h1>Who is reaching care</h1><p>{first.from_} to {first.to} (UTC days).</p>"
        f"<p class='key'>{key}</p>"
        f"<p class='note'>{escape(first.rule)} Hatched bars are withheld counts. "
        "CSV: <code>/v1/metrics/summary.csv</code>.</p>"
        f"{sections}</body></html>"
    )
