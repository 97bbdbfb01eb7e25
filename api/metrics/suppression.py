"""The one suppression rule for every published measure (docs/metrics.md, "Small numbers").

Primary: a count from 1 to 4 is withheld. Secondary: a withheld small count must not be
derivable from what is published alongside it: from totals, or from the difference between two
published cuts of the same people (language by channel and language alone, "reached" and
"stopped", a month and the whole period). Every cell is the sum of disjoint *atoms* (the finest
groups, e.g. language x channel x step); a small cell can be worked out exactly when its atoms
are a linear combination of published cells. So we withhold further cells, smallest first, until
no small cell lies in the span of the published ones. The span test is exact arithmetic modulo a
61-bit prime on 0/1 vectors (pure Python, no numpy in the api environment).

What this does not cover (stated in docs/metrics.md): bounds from counts being non-negative
(they narrow a withheld value to a range, they don't give it) and differences between two
requests with different filters; filters are whole days and whole areas to keep those coarse.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

THRESHOLD = 5
SUPPRESSED_TEXT = "<5"
RULE = (
    "Counts from 1 to 4 are withheld, and so are other cells that would let one be worked out "
    "from totals or from two tables; zero is shown."
)
PRIME = (1 << 61) - 1
MAX_TRIES = 8  # candidates tried one by one before withholding the smallest and looking again

Atom = Hashable


@dataclass(frozen=True)
class Cell:
    """One published count: which table, row and column, and the atoms it adds up."""

    table: str
    row: str
    column: str
    atoms: frozenset[Atom]


@dataclass
class Protected:
    """Cells with their values and which are withheld."""

    cells: list[Cell]
    values: list[int]
    withheld: list[bool] = field(default_factory=list)

    def shown(self, index: int) -> int | None:
        """The value as it may be published (None when withheld)."""
        return None if self.withheld[index] else self.values[index]


class SuppressionError(RuntimeError):
    """The cells asked to stay shown would give a small count away."""


def is_small(value: int) -> bool:
    """A count the rule withholds on its own (1 to 4)."""
    return 0 < value < THRESHOLD


class _Basis:
    """Echelon vectors modulo PRIME (each row 1 at its lowest column), to test span membership.

    Not reduced above the pivots: rows stay sparse, which keeps this fast in pure Python.
    """

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, int]] = {}  # pivot column -> row with 1 at the pivot

    def reduce(self, vector: dict[int, int]) -> dict[int, int]:
        """The vector minus combinations of the rows (empty when in the span)."""
        out = dict(vector)
        queue = [c for c in out if c in self.rows]
        heapq.heapify(queue)
        while queue:
            pivot = heapq.heappop(queue)
            factor = out.pop(pivot, 0)
            if not factor:
                continue
            for column, value in self.rows[pivot].items():
                if column == pivot:
                    continue
                new = (out.get(column, 0) - factor * value) % PRIME
                if new:
                    if column not in out and column in self.rows:
                        heapq.heappush(queue, column)
                    out[column] = new
                else:
                    out.pop(column, None)
        return out

    def add(self, vector: dict[int, int]) -> None:
        """Add a vector (its remainder, scaled so its lowest column is 1)."""
        rest = self.reduce(vector)
        if rest:
            pivot = min(rest)
            inverse = pow(rest[pivot], PRIME - 2, PRIME)
            self.rows[pivot] = {c: v * inverse % PRIME for c, v in rest.items()}


def _vectors(cells: Sequence[Cell]) -> list[dict[int, int]]:
    """Each cell's atoms as column numbers with coefficient 1."""
    numbers: dict[Atom, int] = {}
    return [{numbers.setdefault(atom, len(numbers)): 1 for atom in cell.atoms} for cell in cells]


def _basis(vectors: list[dict[int, int]], published: Iterable[int]) -> _Basis:
    """The span of the published cells."""
    basis = _Basis()
    for index in published:
        basis.add(vectors[index])
    return basis


def derivable(vectors: list[dict[int, int]], published: set[int], index: int) -> bool:
    """Whether cell `index` can be worked out exactly from the published cells."""
    return not _basis(vectors, sorted(published)).reduce(vectors[index])


def _candidates(
    cells: Sequence[Cell], values: list[int], published: set[int], keep: set[int], leak: int
) -> list[int]:
    """Cells to try withholding: the smallest that share atoms with the leak and the smallest
    others, smallest non-zero count first (a sibling rather than a total where both work)."""

    def order(i: int) -> tuple[bool, int, int]:
        return (values[i] == 0, values[i], i)

    movable = sorted(published - keep, key=order)
    sharing = [i for i in movable if cells[i].atoms & cells[leak].atoms]
    others = [i for i in movable if not cells[i].atoms & cells[leak].atoms]
    half = MAX_TRIES // 2
    return sorted(sharing[:half] + others[:half], key=order) or movable[:1]


def _stop(
    vectors: list[dict[int, int]], published: set[int], tries: list[int], leak: int
) -> tuple[int, _Basis]:
    """The first candidate whose withholding stops the leak (else the first sharing one), and
    the span of the published cells without it.

    The span of the other published cells is built once; each try adds only the other
    candidates to a copy of it (echelon rows never change once added).
    """
    base = _basis(vectors, sorted(published - set(tries)))
    trial = base
    for candidate in tries:
        trial = _Basis()
        trial.rows = dict(base.rows)
        for other in tries:
            if other != candidate:
                trial.add(vectors[other])
        if trial.reduce(vectors[leak]):
            return candidate, trial
    chosen = next((i for i in tries if vectors[i].keys() & vectors[leak].keys()), tries[0])
    return chosen, _basis(vectors, sorted(published - {chosen}))


def protect(cells: Sequence[Cell], counts: dict[Atom, int], keep: Iterable[int] = ()) -> Protected:
    """Apply the rule: withhold every small cell and enough others that none can be derived.

    `keep` are cells that stay shown whatever happens (a total that ratios already reveal).
    Withholding only shrinks what can be derived, so one pass over the small cells suffices.
    """
    values = [sum(counts.get(atom, 0) for atom in cell.atoms) for cell in cells]
    vectors = _vectors(cells)
    small = [i for i, value in enumerate(values) if is_small(value)]
    published = {i for i in range(len(cells)) if not is_small(values[i])}
    fixed = set(keep) & published
    basis = _basis(vectors, sorted(published))
    for leak in small:
        while not basis.reduce(vectors[leak]):
            candidates = _candidates(cells, values, published, fixed, leak)
            if not candidates:
                raise SuppressionError("only kept cells are left, and they give a count away")
            chosen, basis = _stop(vectors, published, candidates, leak)
            published.discard(chosen)
    withheld = [i not in published for i in range(len(cells))]
    return Protected(cells=list(cells), values=values, withheld=withheld)
