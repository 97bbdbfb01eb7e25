"""Language names: which conversation languages are offered, and reading a language from text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from actions.language.normalise import letters_only

# Everyday English names that CLDR doesn't use ("Bangla", "Persian" are its names).
COMMON_ALIASES = {"bn": {"bengali"}, "pa": {"panjabi"}, "fa": {"farsi"}}


@dataclass(frozen=True)
class OfferedLanguages:
    """The conversation languages of this deployment, in menu order."""

    codes: tuple[str, ...]

    @classmethod
    def from_file(cls, path: Path) -> OfferedLanguages:
        """Read locales/languages.yml (a `languages:` list, each with a `code`)."""
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = document.get("languages", document)
        if isinstance(entries, dict):
            entries = [{"code": code, **(value or {})} for code, value in entries.items()]
        ordered = sorted(entries, key=lambda entry: entry.get("menu_order", 0))
        return cls(codes=tuple(str(entry["code"]) for entry in ordered))


def plain(text: str) -> str:
    """Lower case without accents, so 'Język Polski' and 'jezyk polski' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def names_of(code: str, in_languages: Iterable[str]) -> set[str]:
    """What people may call language `code`: its own name and its name in other languages."""
    names = set(COMMON_ALIASES.get(code, ()))
    for display_locale in {code, *in_languages}:
        try:
            name = Locale.parse(display_locale).languages.get(code)
        except (UnknownLocaleError, ValueError):
            continue
        if name:
            names.add(plain(name))
    return names


def _word_matches(word: str, name: str) -> bool:
    # Allow inflected forms ("polsku", "polskiego") of longer names.
    if len(name) >= 5:
        return word.startswith(name[:-1])
    return word == name


def language_named_in(
    text: str, candidates: Iterable[str], conversation_language: str
) -> str | None:
    """The one candidate language code the text names, or None if none or several match."""
    words = plain(text).replace(",", " ").replace(".", " ").split()
    if not words:
        return None
    if len(words) == 1 and words[0] in candidates:
        return words[0]
    found = set()
    for code in candidates:
        for name in names_of(code, ("en", conversation_language)):
            if " " in name and name in " ".join(words):
                found.add(code)
            elif any(_word_matches(word, name) for word in words):
                found.add(code)
    return found.pop() if len(found) == 1 else None


def _name_heard(words: list[str], joined: str, name: str) -> bool:
    """Whether a (normalised) name is in the message: as its words, or inside unspaced text."""
    if " " in name or not name.isascii() and _unspaced(name):
        return f" {name} " in f" {joined} " or (_unspaced(name) and name in joined)
    return any(_word_matches(word, name) for word in words)


def _unspaced(name: str) -> bool:
    """Scripts written without spaces between words (Chinese, Japanese)."""
    return any("\u3400" <= char <= "\u9fff" for char in name)


def interpreter_language_named_in(
    text: str, names: Mapping[str, Iterable[str]], conversation_language: str
) -> str | None:
    """The interpreter language the text names ("another language: Pashto", "پښتو", "pashto
    please"), from names per code (GET /internal/flow's `interpreter_names`); the longest name
    heard wins ("Kurdish Sorani" over "Kurdish"); on a tie, the conversation's own language, else
    none."""
    joined = letters_only(text)
    words = joined.split()
    if not words:
        return None
    best: dict[str, int] = {}
    for code, called in names.items():
        for name in {letters_only(n) for n in called}:
            if name and _name_heard(words, joined, name):
                best[code] = max(best.get(code, 0), len(name))
    if not best:
        return None
    longest = max(best.values())
    found = [code for code, length in best.items() if length == longest]
    if len(found) == 1:
        return found[0]
    return conversation_language if conversation_language in found else None
