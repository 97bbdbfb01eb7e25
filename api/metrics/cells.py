"""The shapes the summary metrics are returned in (JSON and CSV), with the one suppression rule.

The rule (docs/metrics.md, api/metrics/suppression.py): any count from 1 to 4 is withheld —
null in JSON with `suppressed: true`, "<5" in CSV — and so is any other cell that would let one
be worked out from the other splits of the same measure (by channel, language and need count the
same happenings, so their totals agree). Zero is shown.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from api.metrics import suppression
from api.metrics.suppression import RULE, SUPPRESSED_TEXT, THRESHOLD

__all__ = ["RULE", "SUPPRESSED_TEXT", "THRESHOLD", "Cell", "Summary", "protected", "to_csv"]


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


def _split_cells(found: dict[Any, int], measure: str) -> list[suppression.Cell]:
    """One measure's cells in every split, by period and group."""
    mine = [atom for atom in found if atom[0] == measure]
    cells = []
    for split, position in (("channel", 2), ("language", 3), ("need", 4)):
        keys = sorted({(atom[1], group) for atom in mine for group in atom[position]})
        for period, group in keys:
            members = frozenset(a for a in mine if a[1] == period and group in a[position])
            cells.append(suppression.Cell(split, group, period, members))
    return cells


def protected(found: dict[Any, int], by: str) -> list[Cell]:
    """The split asked for, each measure protected together with its other two splits."""
    out = []
    for measure in sorted({atom[0] for atom in found}):
        result = suppression.protect(_split_cells(found, measure), found)
        for index, cell in enumerate(result.cells):
            if cell.table == by:
                shown = result.shown(index)
                out.append(Cell(measure=measure, period=cell.column or None, group=cell.row,
                                value=shown, suppressed=shown is None))  # fmt: skip
    return sorted(out, key=lambda c: (c.measure, c.period or "", c.group))


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
