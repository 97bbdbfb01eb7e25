"""Small-number suppression and the shapes metrics are returned in (JSON and CSV).

The rule (docs/metrics.md): any count from 1 to 4 is withheld — null in JSON with
`suppressed: true`, "<5" in CSV. Zero is shown. No totals are returned next to a split, so a
withheld cell cannot be worked out by subtraction from one response.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date

from pydantic import BaseModel, Field

THRESHOLD = 5
SUPPRESSED_TEXT = "<5"
RULE = 'Counts from 1 to 4 are withheld (null / "<5"); zero is shown; no totals are given.'


class Cell(BaseModel):
    """One count: a measure, in a period, for a group."""

    measure: str
    period: str | None = Field(description="ISO date the week or month starts; null if not split")
    group: str
    value: int | None
    suppressed: bool


class Summary(BaseModel):
    """Counts over a date range, split one way, with small numbers withheld."""

    model_config = {"populate_by_name": True}

    from_: date = Field(alias="from")
    to: date
    by: str
    interval: str
    threshold: int = THRESHOLD
    rule: str = RULE
    cells: list[Cell]


def suppress(value: int) -> int | None:
    """The count as it may be shown: None when it is from 1 to THRESHOLD - 1."""
    return None if 0 < value < THRESHOLD else value


def cells(counts: Counter[tuple[str, str, str]]) -> list[Cell]:
    """Counts as cells, sorted by measure, period and group, suppressed where small."""
    return [
        Cell(
            measure=measure,
            period=period or None,
            group=group,
            value=suppress(value),
            suppressed=suppress(value) is None,
        )
        for (measure, period, group), value in sorted(counts.items())
    ]


def to_csv(summary: Summary) -> str:
    """The cells as CSV: measure, period, group, value ("<5" where withheld)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["measure", "period", "group", "value"])
    for cell in summary.cells:
        value = SUPPRESSED_TEXT if cell.suppressed else str(cell.value)
        writer.writerow([cell.measure, cell.period or "", _safe(cell.group), value])
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Neutralise a leading formula character, so a spreadsheet never runs a cell."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
