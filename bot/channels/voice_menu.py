"""Paged menus and spoken language names on a call (the NLG's side: api/nlg/voice_menu.py).

The language menu comes as one rendering: its text pages separated by a `[[page]]` line, its
buttons by a `/more_languages` marker. The caller hears one page at a time; keys 1-9 choose on
that page and 0 turns to the next, so one keypress always acts at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PAGE_BREAK = "[[page]]"
MORE_LANGUAGES = "/more_languages"
MORE_KEY = "0"
CHOOSE_LANGUAGE = re.compile(r'^/choose_language\{"language":"([^"]+)"\}$')

Message = dict[str, Any]


@dataclass(frozen=True)
class MenuPage:
    """What the caller hears on one page of a prompt, and what its keys choose."""

    messages: list[Message]
    buttons: list[Mapping[str, Any]]  # key N chooses buttons[N - 1]
    page: int  # which page this is (0 for a prompt that has one)
    pages: int
    languages: dict[str, str]  # a language menu's codes → payloads, on every page

    @property
    def next_page(self) -> int:
        """The page key 0 turns to (the first again after the last)."""
        return (self.page + 1) % self.pages


def _runs(buttons: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    runs: list[list[Mapping[str, Any]]] = [[]]
    for button in buttons:
        if button.get("payload") == MORE_LANGUAGES:
            runs.append([])
        else:
            runs[-1].append(button)
    return runs


def _chunks(text: str) -> list[str]:
    chunks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip() == PAGE_BREAK:
            chunks.append([])
        else:
            chunks[-1].append(line)
    return ["\n".join(lines) for lines in chunks]


def menu_page(said: Sequence[Message], page: int) -> MenuPage:
    """The page of the bot's last turn the caller is on; the whole turn when it has no pages."""
    if not said:
        return MenuPage([], [], 0, 1, {})
    last = said[-1]
    buttons = list(last.get("buttons") or [])
    languages = {
        match.group(1): str(button["payload"])
        for button in buttons
        if (match := CHOOSE_LANGUAGE.match(str(button.get("payload") or "")))
    }
    chunks, runs = _chunks(str(last.get("text") or "")), _runs(buttons)
    if len(chunks) != len(runs) or len(runs) == 1:
        return MenuPage(list(said), buttons, 0, 1, languages)
    page = page % len(runs)
    before = list(said[:-1]) if page == 0 else []
    return MenuPage(
        [*before, {"text": chunks[page], "buttons": runs[page]}], runs[page], page, len(runs),
        languages,
    )  # fmt: skip


def folded(text: str) -> str:
    """Lower case, accents and punctuation gone, single spaces: how spoken names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        " " if unicodedata.category(c)[0] in "PZS" else c
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return " ".join(kept.split())


def language_named(speech: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The language code whose name the caller said ("Somali", "Soomaali", "اردو"); the longest
    name wins ("Easy Read English" over "English")."""
    heard = f" {folded(speech)} "
    best: tuple[int, str] | None = None
    for code, code_names in names.items():
        for name in code_names:
            key = folded(name)
            if key and f" {key} " in heard and (best is None or len(key) > best[0]):
                best = (len(key), code)
    return best[1] if best else None
