"""What can be recorded: each spoken text (or each part of one around its placeholders), the
numbers 1-20 and the keypad words "press", "star" and "hash", each with a short stable id.

A text without placeholders is one piece, ``<text id>``. A text with placeholders is played as a
sequence: its literal parts ``<text id>-1``, ``<text id>-2``, … (in the language's own word order)
with the values between them, each value its own piece (a recorded option, a number) or said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.translations.overrides import msg_key

TEXT_ID_LENGTH = 12
NUMBERS = range(1, 21)
KEY_WORDS = {
    "press": "The word for pressing a telephone key, as in “press 1”.",
    "star": "The * key on a telephone keypad (“press star”).",
    "hash": "The # key on a telephone keypad (“press hash”).",
}
NAME = "name"  # the language's own name for itself, as in "Language: Soomaali"
PLACEHOLDER = re.compile(r"%\(\w+\)s")
PIECE_ID = re.compile(
    r"^(?:[0-9a-f]{12}(?:-[1-9][0-9]?)?|number-(?:[1-9]|1[0-9]|20)|press|star|hash|name)$"
)
SPOKEN = re.compile(r"\w")  # a part with no letter or digit (a full stop, a comma) isn't recorded


def text_id(context: str, msgid: str) -> str:
    """The short id of a text (context and English msgid), as file names and scripts use it."""
    return msg_key(context, msgid)[:TEXT_ID_LENGTH]


def number_id(number: int) -> str:
    """The piece id of a number said on its own ("press 3")."""
    return f"number-{number}"


def literal_parts(template: str) -> list[str]:
    """A template's literal text between its placeholders (``%%`` as ``%``), in order."""
    return [part.replace("%%", "%") for part in PLACEHOLDER.split(template)]


def recorded_parts(text_piece: str, template: str) -> list[tuple[str, str]]:
    """(piece id, words) of each part of a text that a recording speaks, in order."""
    if not PLACEHOLDER.search(template):
        words = template.strip()
        return [(text_piece, words)] if SPOKEN.search(words) else []
    spoken = [p.strip() for p in literal_parts(template) if SPOKEN.search(p)]
    return [(f"{text_piece}-{n}", words) for n, words in enumerate(spoken, start=1)]


def is_piece_id(value: str) -> bool:
    """Whether a string is a well-formed piece id (file names in an imported zip)."""
    return bool(PIECE_ID.fullmatch(value))


@dataclass(frozen=True)
class SpokenPiece:
    """One recordable piece in one language: what to say, the English, notes for the artist."""

    piece_id: str
    context: str
    msgid: str
    words: str  # in the language, as said today ("" while the text has no usable translation)
    english: str  # today's English of the whole text
    notes: str
    safety: bool
    sent: bool = True  # its written text is what goes out (a safety text: checked, current)
