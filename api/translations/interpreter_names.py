"""Interpreter languages by name: what people call them, and their names in a conversation.

From locales/interpreter_languages.yml (a reviewed table) over CLDR: the table's names win where
CLDR is wrong for the variety we serve (Somali "Bangladesh" for Bengali, Brazilian "polonês").
Codes, English names and SNOMED CT concepts are api/core/codes.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from api.core.codes import INTERPRETER_LANGUAGES

FILE_NAME = "interpreter_languages.yml"
DEFAULT_LOCALES = Path(__file__).resolve().parents[2] / "locales"
# The CLDR locale of a conversation language's variety, where it is not the bare code.
CLDR_LOCALE = {"pt": "pt_PT", "zh": "zh_Hans", "en@easyread": "en"}


def cldr_name(code: str, in_language: str) -> str | None:
    """CLDR's name of language `code` in `in_language` (its variety's locale), if any."""
    try:
        return Locale.parse(CLDR_LOCALE.get(in_language, in_language)).languages.get(code)
    except (UnknownLocaleError, ValueError):
        return None


@dataclass(frozen=True)
class InterpreterNames:
    """Each interpreter language's own name, other names, and reviewed names per language."""

    native: Mapping[str, str]
    also: Mapping[str, tuple[str, ...]]
    names: Mapping[str, Mapping[str, str]]  # conversation language → code → name

    def name_in(self, code: str, in_language: str) -> str:
        """The name of `code` for a conversation in `in_language`: the reviewed table, then
        CLDR for the variety, then the English name (NHS usage in English: "Panjabi")."""
        reviewed = self.names.get(in_language, {}).get(code)
        if reviewed:
            return reviewed
        known = INTERPRETER_LANGUAGES.get(code)
        if in_language in ("en", "en@easyread") and known is not None:
            return known.display
        if code == in_language and code in self.native:
            return self.native[code]
        return cldr_name(code, in_language) or (known.display if known else code)

    def typed(self, code: str, in_languages: Iterable[str]) -> list[str]:
        """Every name a person may write for `code`: English, its own, other spellings, and its
        names in these conversation languages."""
        known = INTERPRETER_LANGUAGES.get(code)
        found = [
            *([known.display] if known else []),
            self.native.get(code, ""),
            *self.also.get(code, ()),
        ]
        for language in dict.fromkeys(("en", *in_languages)):
            found.append(self.name_in(code, language))
            found.append(cldr_name(code, language) or "")
        return list(dict.fromkeys(name for name in found if name))


@lru_cache(maxsize=4)
def interpreter_names(locales_dir: Path = DEFAULT_LOCALES) -> InterpreterNames:
    """The table in `locales_dir` (read once per directory)."""
    document = yaml.safe_load((locales_dir / FILE_NAME).read_text(encoding="utf-8")) or {}
    entries = document.get("languages") or {}
    return InterpreterNames(
        native={code: str(entry["native"]) for code, entry in entries.items()},
        also={
            code: tuple(str(n) for n in entry.get("also") or ()) for code, entry in entries.items()
        },
        names={
            language: {code: str(name) for code, name in table.items()}
            for language, table in (document.get("names") or {}).items()
        },
    )
