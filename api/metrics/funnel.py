"""Where people drop out: the journey's steps per language and per channel, where people stop and
how long they took to get there.

The bot records each step a conversation reaches once (`POST /internal/measures/steps`), with
its language, channel and seconds since the first message, and nothing that links two steps
(api/models/metrics.py). A journey belongs to the period its first message falls in (the step's
time minus its seconds), so one journey is never split over two periods. Without links, the
number who stopped at a step is those who reached it minus those who reached the next (never
below zero); "reached" is then recounted from those stops so the tables always add up.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.assessment.model import Flow
from api.core.db import as_utc
from api.metrics.filters import Filters
from api.metrics.suppression import Cell, Protected, protect
from api.metrics.tables import Entry, Table, blank, count
from api.models.metrics import MeasureStep

BEFORE = [
    ("first_contact", "First message"),
    ("language_confirmed", "Language confirmed"),
    ("consent", "Consent given"),
]
AFTER = [
    ("saved", "Answers saved"),
    ("booked", "Booked"),
    ("attended", "Attended"),
    ("feedback", "Feedback given"),
]
SECTION = "section:"
Atom = tuple[str, str, str]  # language, channel, the step where the journey stopped
UNDETERMINED = "und"  # ISO 639-2: the language of a first message, before one is chosen


def steps(flow: Flow) -> list[tuple[str, str]]:
    """The journey in order: (step, label), one step per section of the assessment."""
    sections = [(f"{SECTION}{s.id}", f"Section: {s.title}") for s in flow.sections]
    return [*BEFORE, *sections, *AFTER]


def _reached(
    session: Session, filters: Filters, order: list[str]
) -> tuple[Counter[tuple[str, str, str]], dict[tuple[str, str], list[int]]]:
    """Journeys started in the period reaching each step, and seconds taken, per language."""
    reached: Counter[tuple[str, str, str]] = Counter()
    seconds: dict[tuple[str, str], list[int]] = defaultdict(list)
    query = select(MeasureStep).where(
        MeasureStep.at >= filters.begin,
        MeasureStep.at < filters.finish + timedelta(days=31),  # journeys started on the last day
        MeasureStep.step.in_(order),
    )
    if filters.area:
        query = query.where(MeasureStep.area_code == filters.area)
    for row in session.scalars(query):
        started = as_utc(row.at) - timedelta(seconds=row.seconds)
        if filters.begin <= started < filters.finish:
            reached[(row.language, row.channel, row.step)] += 1
            if row.step != "first_contact":  # always 0
                seconds[(row.language, row.step)].append(row.seconds)
    return reached, seconds


def atoms(reached: Counter[tuple[str, str, str]], order: list[str]) -> Counter[Atom]:
    """Journeys by language, channel and the step where they stopped.

    A first message is sent before anyone knows the language (language "und"): everyone who
    confirmed a language sent one, and the first messages left over on a channel are the
    journeys that stopped before choosing a language.
    """
    first, confirmed = order[0], order[1]
    stops: Counter[Atom] = Counter()
    for channel in {ch for _lang, ch, _step in reached}:
        chosen = sum(n for (lang, ch, step), n in reached.items()
                     if ch == channel and step == confirmed and lang != UNDETERMINED)  # fmt: skip
        before = reached[(UNDETERMINED, channel, first)] - chosen
        if before > 0:
            stops[(UNDETERMINED, channel, first)] = before
    for language, channel in {(lang, ch) for lang, ch, _ in reached if lang != UNDETERMINED}:
        counts = [reached[(language, channel, step)] for step in order] + [0]
        counts[0] = max(counts[0], counts[1])  # their first message was counted as "und"
        for position, step in enumerate(order):
            stopped = max(0, counts[position] - counts[position + 1])
            if stopped:
                stops[(language, channel, step)] = stopped
    return stops


def _cells(found: Counter[Atom], order: list[str]) -> list[Cell]:
    """Reached and stopped, by language and by channel."""
    cells = []
    for kind, position in (("language", 0), ("channel", 1)):
        groups = sorted({a[position] for a in found})
        for group in groups:
            mine = [a for a in found if a[position] == group]
            for index, step in enumerate(order):
                later = set(order[index:])
                reached = frozenset(a for a in mine if a[2] in later)
                cells.append(Cell(f"reached_{kind}", group, step, reached))
                stopped = frozenset(a for a in mine if a[2] == step)
                cells.append(Cell(f"stopped_{kind}", group, step, stopped))
    return cells


def _most_stop(result: Protected, group: str, kind: str, labels: dict[str, str]) -> Entry:
    """The step (before the last) where most of a group stopped, from shown counts only."""
    shown = [
        (result.values[i], cell.column)
        for i, cell in enumerate(result.cells)
        if cell.table == f"stopped_{kind}" and cell.row == group and not result.withheld[i]
    ]
    last = list(labels)[-1]
    shown = [(n, step) for n, step in shown if n > 0 and step != last]
    if not shown:
        return blank()
    _count, step = max(shown)
    return Entry(labels[step])


def _grid(result: Protected, table: str, order: list[str]) -> dict[str, list[int | None]]:
    """A table's shown values by row, in step order."""
    rows: dict[str, list[int | None]] = {}
    for index, cell in enumerate(result.cells):
        if cell.table == table:
            rows.setdefault(cell.row, [None] * len(order))[order.index(cell.column)] = result.shown(
                index
            )
    return rows


def _minutes(values: list[int]) -> Entry:
    """A median time in minutes."""
    minutes = median(values) / 60
    return Entry(f"{minutes:.0f} min" if minutes >= 1 else "<1 min", round(minutes, 1))


def tables(session: Session, filters: Filters, flow: Flow) -> list[Table]:
    """Reached and stopped by language and by channel, and the median time to each step."""
    labelled = steps(flow)
    order = [step for step, _label in labelled]
    labels = dict(labelled)
    reached, seconds = _reached(session, filters, order)
    found = atoms(reached, order)
    result = protect(_cells(found, order), dict(found))
    columns = [labels[step] for step in order]
    out = []
    for kind in ("language", "channel"):
        funnel = Table(
            f"funnel_{kind}",
            f"Journey by {kind}: how many reached each step",
            "Conversations that began in the period, by the furthest step they reached. "
            "\u201cMost stop at\u201d is, among the counts shown, the step after which most of "
            "them went no further.",
            kind.capitalize(),
            ["Most stop at", *columns],
        )
        for group, values in sorted(_grid(result, f"reached_{kind}", order).items()):
            entries = [_most_stop(result, group, kind, labels)] + [count(v) for v in values]
            funnel.rows.append((group, entries))
        stopped = Table(
            f"stopped_{kind}",
            f"Where people stop, by {kind}",
            "How many went no further than each step (the last column: completed the journey).",
            kind.capitalize(),
            columns,
        )
        for group, values in sorted(_grid(result, f"stopped_{kind}", order).items()):
            stopped.rows.append((group, [count(v) for v in values]))
        out += [funnel, stopped]
    out.append(_times(result, seconds, order, columns))
    return out


def _times(
    result: Protected,
    seconds: dict[tuple[str, str], list[int]],
    order: list[str],
    columns: list[str],
) -> Table:
    """Median minutes from the first message to each step, where that step's count is shown."""
    times = Table(
        "time_language",
        "Time taken, by language",
        "Median minutes from the first message to each step; shown only where the number who "
        "reached the step is shown.",
        "Language",
        columns,
    )
    for group, values in sorted(_grid(result, "reached_language", order).items()):
        entries = [
            _minutes(seconds[(group, step)]) if value and seconds.get((group, step)) else blank()
            for step, value in zip(order, values, strict=True)
        ]
        times.rows.append((group, entries))
    return times
