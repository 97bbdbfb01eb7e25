"""Easy Read English keeps its own rules: one idea per sentence, at most 15 words, hard words
explained or left out, 12-hour times."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from api.core.settings import REPO_ROOT
from api.nlg.render import Renderer
from api.translations.languages import Languages

CATALOG = REPO_ROOT / "locales" / "en@easyread" / "LC_MESSAGES" / "frontdoor.po"
MAX_WORDS = 15
# Words Easy Read leaves out: a plainer word exists.
BANNED = ("optional", "consent", "undone", "regarding", "require", "sooner", "assist", "record")
# Words Easy Read needs but explains, wherever they are used.
EXPLAINED = {"emergency": "An emergency means someone is very ill or badly hurt."}
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _texts() -> list[tuple[str, str]]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    return [
        (f"{m.context} {str(m.id)[:40]!r}", m.string)
        for m in catalog
        if m.id and isinstance(m.string, str) and m.string
    ]


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(PLACEHOLDER.sub("WORD", text)) if s.strip()]


def test_every_easy_read_sentence_has_at_most_15_words() -> None:
    long = [
        f"{where}: {len(sentence.split())} words: {sentence!r}"
        for where, text in _texts()
        for sentence in _sentences(text)
        if len(sentence.split()) > MAX_WORDS
    ]

    assert not long, "\n".join(long)


def test_easy_read_leaves_out_hard_words() -> None:
    found = [
        f"{where}: {word!r}"
        for where, text in _texts()
        for word in BANNED
        if re.search(rf"\b{word}", text, re.IGNORECASE)
    ]

    assert not found, "\n".join(found)


def test_easy_read_explains_emergency_wherever_it_says_it() -> None:
    unexplained = [
        f"{where}: {word!r} without {explanation!r}"
        for where, text in _texts()
        for word, explanation in EXPLAINED.items()
        if word in text.lower() and explanation not in text
    ]

    assert not unexplained, "\n".join(unexplained)


def test_easy_read_help_is_one_word_to_send_per_line() -> None:
    help_text = next(t for w, t in _texts() if w.startswith("utter_help 'Reply"))

    lines = help_text.split("\n")
    assert len(lines) >= 10
    assert all(len(PLACEHOLDER.findall(line)) <= 1 for line in lines)


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


def test_easy_read_times_are_12_hour(renderer: Renderer) -> None:
    slot = {"start": "2026-11-24T14:30:00+00:00", "length_minutes": 30, "service": "Physio"}
    easy = renderer.render("utter_booked", {"language": "en@easyread", "slot": slot}, {}).text
    english = renderer.render("utter_booked", {"language": "en", "slot": slot}, {}).text

    assert "2:30 pm" in easy, easy
    assert not re.search(r"\b\d{2}:\d{2}\b", easy)
    assert "14:30" in english, "standard English keeps the 24-hour clock"
