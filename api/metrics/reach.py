"""Reach against the population: each language's share of contacts over its share of residents.

The representation ratio is (contacts in the language / all contacts) / (residents with it as
main language / all residents). Its 95 % interval is the Wilson score interval of the contact
share divided by the population share: the census counts tens of millions, so the population
share's own uncertainty is negligible next to that of a few hundred contacts. A ratio whose
interval lies wholly below 1 marks an under-reached language.

Languages people asked for an interpreter in that we don't offer are counted too. Both tables
count the same people (atoms: conversation language x interpreter language not offered), so the
suppression rule protects them together; the total of contacts stays shown (the ratios reveal it).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.codes import INTERPRETER_KIND
from api.metrics.baselines import Baseline
from api.metrics.filters import Filters
from api.metrics.suppression import SUPPRESSED_TEXT, Cell, Protected, protect
from api.metrics.tables import Entry, Table, blank, count
from api.models.tables import Need, Person

Z = 1.959963984540054  # 95 %
ALL = "all languages"
COLUMNS = [
    "Contacts", "Share of contacts", "Share of residents", "Ratio", "Lower 95 %", "Upper 95 %",
    "Against the population",
]  # fmt: skip
UNDER, OVER, IN_LINE = "under-reached", "over-reached", "in line"


def wilson(successes: int, trials: int, z: float = Z) -> tuple[float, float]:
    """Wilson score interval for a proportion."""
    if trials <= 0:
        return 0.0, 1.0
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    return max(0.0, centre - half / denominator), min(1.0, centre + half / denominator)


def _interpreter_languages(session: Session, offered: set[str]) -> dict[str, str]:
    """Each person's current interpreter language, when it is one we don't offer."""
    query = select(Need.person_id, Need.value_code).where(
        Need.kind == INTERPRETER_KIND, Need.superseded_at.is_(None), Need.value_code.is_not(None)
    )
    return {p: str(v) for p, v in session.execute(query) if v and v not in offered}


def atoms(session: Session, filters: Filters, offered: set[str]) -> Counter[tuple[str, str]]:
    """People who first came in the period: (their language, interpreter language not offered)."""
    wanted = filters.people(session)
    asked = _interpreter_languages(session, offered)
    query = select(Person.id, Person.language).where(
        Person.created_at >= filters.begin, Person.created_at < filters.finish
    )
    found: Counter[tuple[str, str]] = Counter()
    for person_id, language in session.execute(query):
        if wanted is None or person_id in wanted:
            found[(language, asked.get(person_id, ""))] += 1
    return found


def _cells(found: Counter[tuple[str, str]], languages: Iterable[str]) -> list[Cell]:
    """Contacts by language, their total, and interpreter requests by language not offered."""
    cells = [
        Cell("reach", language, "contacts", frozenset(a for a in found if a[0] == language))
        for language in languages
    ]
    cells.append(Cell("reach", ALL, "contacts", frozenset(found)))
    for asked in sorted({a[1] for a in found if a[1]}):
        atoms_ = frozenset(a for a in found if a[1] == asked)
        cells.append(Cell("not_offered", asked, "interpreter requests", atoms_))
    return cells


def _percent(share: float | None) -> Entry:
    """A share as a percentage."""
    return blank() if share is None else Entry(f"{share:.1%}", round(share, 6))


def _ratio(value: float) -> Entry:
    """A ratio or interval bound, two decimals."""
    return Entry(f"{value:.2f}", round(value, 4))


def _reach_row(result: Protected, index: int, total: int, baseline: Baseline) -> list[Entry]:
    """Contacts, shares, ratio and interval for one language (all withheld with its count)."""
    shown = result.shown(index)
    population = baseline.share(result.cells[index].row)
    if shown is None:
        return (
            [count(None), blank(SUPPRESSED_TEXT), _percent(population)]
            + [blank(SUPPRESSED_TEXT)] * 3
            + [blank()]
        )
    share = shown / total if total else None
    if share is None or not population:
        return [count(shown), _percent(share), _percent(population)] + [blank()] * 4
    low, high = wilson(shown, total)
    verdict = UNDER if high < population else OVER if low > population else IN_LINE
    return [
        count(shown),
        _percent(share),
        _percent(population),
        _ratio(share / population),
        _ratio(low / population),
        _ratio(high / population),
        Entry(verdict),
    ]


def tables(
    session: Session, filters: Filters, offered: list[str], baseline: Baseline
) -> list[Table]:
    """The reach table (offered languages, and any other language people wrote in) and the
    languages asked for but not offered."""
    found = atoms(session, filters, set(offered))
    seen = sorted({a[0] for a in found} - set(offered))
    languages = [*offered, *seen]
    cells = _cells(found, languages)
    total_index = len(languages)
    result = protect(cells, dict(found), keep=[total_index])
    total = result.values[total_index]
    reach = Table(
        "reach",
        "Reach against the population",
        f"Contacts who first came in the period, by language, against residents of "
        f"{baseline.area_name} ({baseline.source}). Ratio below 1: fewer contacts than the "
        "population share; the interval is Wilson's 95 % for the contact share, divided by "
        "the population share.",
        "Language",
        COLUMNS,
    )
    for index, language in enumerate(languages):
        reach.rows.append((language, _reach_row(result, index, total, baseline)))
    reach.rows.append((ALL, [count(total), _percent(1.0 if total else None)] + [blank()] * 5))
    asked = Table(
        "not_offered",
        "Languages asked for but not offered",
        "People in the period who asked for an interpreter in a language Front Door doesn't "
        "offer, by that language.",
        "Language",
        ["Interpreter requests"],
    )
    for index in range(total_index + 1, len(cells)):
        asked.rows.append((cells[index].row, [count(result.shown(index))]))
    return [reach, asked]
