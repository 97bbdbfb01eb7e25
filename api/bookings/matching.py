"""Which slots fit a person's current needs (the rules are documented in docs/bookings.md).

| need (current, coded)                                   | slot must / will                    |
|---------------------------------------------------------|-------------------------------------|
| wheelchair access (SNOMED 1108191000000103), or a       | be step-free                        |
| mobility impairment (RA condition 3)                    |                                     |
| extended appointment (SNOMED 1108171000000102)          | last at least 30 minutes            |
| interpreter in language X (not "not needed")            | list X, or be offered with an       |
|                                                         | interpreter to book (listed first)  |
| British Sign Language interpreter (SNOMED 204331000000107)| as an interpreter need in `bfi`     |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from api.assessment.model import SYSTEMS
from api.core.codes import ACCESS_NEED, INTERPRETER_KIND, INTERPRETER_NOT_NEEDED, SNOMED
from api.models.tables import Need, Slot

WHEELCHAIR = (SNOMED, "1108191000000103")
MOBILITY = (SYSTEMS["ra"], "3")
EXTENDED = (SNOMED, "1108171000000102")
BSL = (SNOMED, "204331000000107")
BSL_LANGUAGE = "bfi"  # ISO 639-3 British Sign Language
EXTENDED_MINUTES = 30
UNKNOWN_LANGUAGE = "und"


@dataclass(frozen=True)
class Requirements:
    """What a slot must offer for this person."""

    step_free: bool = False
    min_minutes: int = 0
    interpreters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fit:
    """A slot that fits, and the interpreter languages still to book for it."""

    slot: Slot
    interpreter_to_book: tuple[str, ...]


def _interpreter_language(need: Need) -> str | None:
    """The interpreter language a need asks for, if it asks for one."""
    if (need.code_system, need.code) == BSL:
        return BSL_LANGUAGE
    if need.kind != INTERPRETER_KIND:
        return None
    if (need.code_system, need.code) == (ACCESS_NEED, INTERPRETER_NOT_NEEDED[0]):
        return None
    return need.value_code or UNKNOWN_LANGUAGE


def requirements(needs: Sequence[Need]) -> Requirements:
    """The slot requirements of a person's current needs."""
    codes = {(need.code_system, need.code) for need in needs}
    languages = [lang for lang in map(_interpreter_language, needs) if lang]
    return Requirements(
        step_free=bool(codes & {WHEELCHAIR, MOBILITY}),
        min_minutes=EXTENDED_MINUTES if EXTENDED in codes else 0,
        interpreters=tuple(sorted(set(languages))),
    )


def fit(slot: Slot, wanted: Requirements) -> Fit | None:
    """How the slot fits the requirements, or None if it cannot."""
    if wanted.step_free and not slot.step_free:
        return None
    if slot.length_minutes < wanted.min_minutes:
        return None
    available = set(slot.interpreter_languages or [])
    return Fit(slot, tuple(lang for lang in wanted.interpreters if lang not in available))


def rank(slots: Sequence[Slot], wanted: Requirements, limit: int) -> list[Fit]:
    """The fitting slots: those needing no interpreter booking first, then soonest first."""
    fits = [f for f in (fit(slot, wanted) for slot in slots) if f is not None]
    fits.sort(key=lambda f: (bool(f.interpreter_to_book), f.slot.start_at, f.slot.id))
    return fits[:limit]
