"""The one suppression rule: no count from 1 to 4 is shown or can be worked out from what is.

The check here is independent of the engine's: dense exact rational elimination (fractions).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from api.metrics.suppression import Cell, Protected, protect

LANGUAGES, CHANNELS, STEPS = ("pl", "so", "fa"), ("sms", "voice"), ("first", "consent", "saved")
ATOMS = list(itertools.product(LANGUAGES, CHANNELS, STEPS))  # (language, channel, stopped at)


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by Gaussian elimination over the rationals."""
    rows = [list(r) for r in rows]
    rank, columns = 0, len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def _vector(cell: Cell, atoms: Sequence[object]) -> list[Fraction]:
    return [Fraction(1 if atom in cell.atoms else 0) for atom in atoms]


def worked_out(result: Protected, index: int, tables: set[str] | None = None) -> bool:
    """Whether a cell follows exactly from the published cells (of these tables)."""
    atoms = sorted({a for c in result.cells for a in c.atoms}, key=repr)
    published = [
        _vector(c, atoms)
        for i, c in enumerate(result.cells)
        if not result.withheld[i] and (tables is None or c.table in tables)
    ]
    target = _vector(result.cells[index], atoms)
    return _rank([*published, target]) == _rank(published) if published else False


def funnel_cells() -> list[Cell]:
    """Reached and stopped by language, by channel, by language and channel, and totals."""
    cells = []
    for language, channel in itertools.product(LANGUAGES, CHANNELS):
        atoms = frozenset(a for a in ATOMS if a[:2] == (language, channel))
        cells.append(Cell("language x channel", language, channel, atoms))
    for position, step in enumerate(STEPS):
        later = STEPS[position:]
        for language in LANGUAGES:
            reached = frozenset(a for a in ATOMS if a[0] == language and a[2] in later)
            cells.append(Cell("reached by language", language, step, reached))
            stopped = frozenset(a for a in ATOMS if a[0] == language and a[2] == step)
            cells.append(Cell("stopped by language", language, step, stopped))
        for channel in CHANNELS:
            reached = frozenset(a for a in ATOMS if a[1] == channel and a[2] in later)
            cells.append(Cell("reached by channel", channel, step, reached))
    cells.append(Cell("total", "all", "all", frozenset(ATOMS)))
    return cells


def assert_nothing_small_derivable(result: Protected) -> None:
    tables = sorted({c.table for c in result.cells})
    for index, value in enumerate(result.values):
        if 0 < value < 5:
            assert result.withheld[index], f"{result.cells[index]} = {value} is shown"
            assert not worked_out(result, index), f"{result.cells[index]} = {value} derivable"
            for pair in itertools.combinations(tables, 2):
                assert not worked_out(result, index, set(pair))


def test_a_total_and_all_but_one_cell_give_the_last_away() -> None:
    atoms = {"pl": 7, "so": 3, "fa": 9}
    cells = [Cell("by language", k, "contacts", frozenset([k])) for k in atoms]
    cells.append(Cell("total", "all", "contacts", frozenset(atoms)))

    result = protect(cells, atoms)

    assert result.withheld == [True, True, False, False], "Somali's 3 and the next smallest (7)"
    assert not worked_out(result, 1)


def test_the_difference_between_two_cuts_gives_nothing_away() -> None:
    counts = {("so", "sms"): 9, ("so", "voice"): 2, ("pl", "sms"): 8, ("pl", "voice"): 6}
    cells = [Cell("by language", lang, "", frozenset(a for a in counts if a[0] == lang))
             for lang in ("so", "pl")]  # fmt: skip
    cells += [Cell("by channel", ch, "", frozenset(a for a in counts if a[1] == ch))
              for ch in ("sms", "voice")]  # fmt: skip
    cells += [Cell("language x channel", a[0], a[1], frozenset([a])) for a in counts]

    result = protect(cells, counts)

    small = next(i for i, c in enumerate(cells) if c.atoms == {("so", "voice")})
    assert result.withheld[small]
    assert not worked_out(result, small), "so = so/sms + so/voice: a second cell must go"
    assert [result.shown(i) for i in range(4)] == [None, 14, 17, None], "so and voice go too"


def test_reached_minus_reached_is_the_number_who_stopped() -> None:
    counts = {("fa", "sms", step): n for step, n in zip(STEPS, (2, 0, 12), strict=True)}

    result = protect(funnel_cells(), counts)

    assert_nothing_small_derivable(result)
    stopped_first = next(
        i for i, c in enumerate(result.cells) if (c.table, c.row, c.column)
        == ("stopped by language", "fa", "first")
    )  # fmt: skip
    assert result.withheld[stopped_first]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=len(ATOMS), max_size=len(ATOMS)))
def test_no_small_cell_can_be_worked_out_from_any_tables(values: list[int]) -> None:
    result = protect(funnel_cells(), dict(zip(ATOMS, values, strict=True)))

    assert_nothing_small_derivable(result)
    for index, value in enumerate(result.values):
        assert result.shown(index) in (None, value)
