"""What people say: the I-statement answers by language, channel and need, and by month.

Every answer is one atom (statement, answer, language, channel, month, the person's needs), so the
four tables (each a cut of the same answers; a person with several needs counts under each) are
protected together by the one suppression rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import as_utc
from api.feedback.service import BY_ID
from api.metrics.filters import Filters
from api.metrics.suppression import Cell, protect
from api.metrics.tables import Table, count
from api.models.tables import FeedbackAnswer, Need

ANSWERS = ("yes", "partly", "no")
NO_NEEDS = "no needs recorded"
UNKNOWN = "unknown"
Atom = tuple[str, str, str, str, str, frozenset[str]]
SPLITS: dict[str, tuple[str, Callable[[Atom], set[str]]]] = {
    "language": ("Language", lambda a: {a[2]}),
    "channel": ("Channel", lambda a: {a[3]}),
    "need": ("Need", lambda a: set(a[5])),
    "month": ("Month", lambda a: {a[4]}),
}


def _needs(session: Session) -> dict[str, frozenset[str]]:
    """Each person's current needs as "kind: display" labels."""
    labels: dict[str, set[str]] = {}
    for need in session.scalars(select(Need).where(Need.superseded_at.is_(None))):
        labels.setdefault(need.person_id, set()).add(
            f"{need.kind}: {need.value_display or need.display}"
        )
    return {person: frozenset(found) for person, found in labels.items()}


def atoms(session: Session, filters: Filters) -> Counter[Atom]:
    """Answers given in the period."""
    wanted = filters.people(session)
    needs = _needs(session)
    query = select(FeedbackAnswer).where(
        FeedbackAnswer.recorded_at >= filters.begin, FeedbackAnswer.recorded_at < filters.finish
    )
    found: Counter[Atom] = Counter()
    for row in session.scalars(query):
        if wanted is not None and row.person_id not in wanted:
            continue
        person_needs = (
            needs.get(row.person_id, frozenset([NO_NEEDS]))
            if row.person_id
            else frozenset([UNKNOWN])
        )
        month = as_utc(row.recorded_at).strftime("%Y-%m")
        found[(row.statement_id, row.answer, row.language, row.channel, month, person_needs)] += 1
    return found


def _cells(found: Counter[Atom]) -> list[Cell]:
    """For each split: statement and group by answer."""
    cells = []
    for split, (_header, groups_of) in SPLITS.items():
        keys = sorted({(a[0], g) for a in found for g in groups_of(a)})
        for statement, group in keys:
            for answer in ANSWERS:
                mine = frozenset(
                    a
                    for a in found
                    if a[0] == statement and a[1] == answer and group in groups_of(a)
                )
                cells.append(Cell(f"statements_{split}", f"{statement}|{group}", answer, mine))
    return cells


def tables(session: Session, filters: Filters) -> list[Table]:
    """Answers by statement and language, channel, need and month (1-4 and derivable withheld)."""
    found = atoms(session, filters)
    result = protect(_cells(found), dict(found))
    out = []
    for split, (header, _groups_of) in SPLITS.items():
        table = Table(
            f"statements_{split}",
            f"What people say, by {split}",
            "Answers to each I statement (yes, partly, no) given in the period.",
            f"Statement \u2014 {header.lower()}",
            [answer.capitalize() for answer in ANSWERS],
        )
        rows: dict[str, list[int | None]] = {}
        for index, cell in enumerate(result.cells):
            if cell.table == table.key:
                rows.setdefault(cell.row, [None] * 3)[ANSWERS.index(cell.column)] = result.shown(
                    index
                )
        for key, values in rows.items():
            statement, group = key.split("|", 1)
            text = BY_ID[statement].text if statement in BY_ID else statement
            table.rows.append((f"{text} \u2014 {group}", [count(v) for v in values]))
        out.append(table)
    return out
