"""A published table of measures: what the page shows, the CSV holds and MeasureReport carries.

Every entry has its text as shown ("<5" where withheld) and its number (None when withheld or
not a count), so the three forms can't disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from api.metrics.suppression import SUPPRESSED_TEXT


@dataclass(frozen=True)
class Entry:
    """One value: shown as text, with its number when it may be published."""

    text: str
    number: float | None = None
    withheld: bool = False
    counted: bool = False  # a count of people or answers (else a share, ratio, time or name)


def count(value: int | None) -> Entry:
    """A count, or "<5" when withheld."""
    if value is None:
        return Entry(SUPPRESSED_TEXT, None, withheld=True, counted=True)
    return Entry(str(value), value, counted=True)


def blank(text: str = "") -> Entry:
    """Nothing to show (withheld with its count, or not applicable)."""
    return Entry(text or "—", None, bool(text == SUPPRESSED_TEXT))


@dataclass
class Table:
    """A titled table: a key (file names, MeasureReport group code), columns, labelled rows."""

    key: str
    title: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Entry]]] = field(default_factory=list)

    def entry(self, row: str, column: str) -> Entry | None:
        """The entry at a row label and column name, if there is one."""
        index = self.columns.index(column)
        return next((entries[index] for label, entries in self.rows if label == row), None)


def to_csv(table: Table) -> str:
    """The table as CSV, as shown (withheld counts "<5"), formula characters neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([table.row_header, *table.columns])
    for label, entries in table.rows:
        writer.writerow([_safe(label), *(_safe(e.text) for e in entries)])
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Neutralise a leading formula character, so a spreadsheet never runs a cell."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
