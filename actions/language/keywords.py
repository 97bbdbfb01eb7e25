"""Words a person can send at any point (HELP, BACK, SKIP, CHANGE, CALL ME, …), and STOP/START.

Which words there are comes with the flow from the API (api/nlg/keywords.py, name → English); their
translations from the same compiled catalogs the API renders from (msgctxt "keyword"); other
spellings people use (romanised forms) from locales/keyword_synonyms.yml. A message is compared in
one typed form (actions/language/normalise.py), so case, spacing, punctuation, Arabic-script
letter variants and Traditional Chinese don't matter. The English word works in every language.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from actions.language.normalise import typed_form

DOMAIN = "frontdoor"
SYNONYMS_FILE = "keyword_synonyms.yml"
# STOP and START (api/nlg/keywords.py OPT_KEYWORDS): handled by the channels, in any language.
OPT_KEYWORDS = {"stop": "STOP", "start": "START"}


@lru_cache(maxsize=64)
def catalog(locales_dir: Path, language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, locales_dir, languages=[language], fallback=True)


def flow_translator(language: str, locales_dir: Path) -> Callable[[str, str], str]:
    """translate(question id, English text) in `language`, from the compiled catalogs."""
    translations = catalog(locales_dir, language)
    return lambda question_id, text: translations.pgettext(f"flow:{question_id}", text)


# English words that mean the same as a keyword (the help text lists the options, like a menu).
ALIASES = {
    "MENU": "help",
    "OPTIONS": "help",
    "CHANGE BOOKING": "move",
    "CHANGE APPOINTMENT": "move",
    "MOVE APPOINTMENT": "move",
}


@lru_cache(maxsize=8)
def synonyms(locales_dir: Path) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    """language → keyword name → other ways people write it (locales/keyword_synonyms.yml)."""
    path = locales_dir / SYNONYMS_FILE
    document = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return {
        str(language): {
            str(name): tuple(str(w) for w in words or ()) for name, words in table.items()
        }
        for language, table in (document or {}).items()
    }


def typed_forms(name: str, english: str, language: str, locales_dir: Path) -> set[str]:
    """Every typed form of one keyword in a language: English, the catalog's word, synonyms."""
    translated = catalog(locales_dir, language).pgettext("keyword", english)
    written = (english, translated, *synonyms(locales_dir).get(language, {}).get(name, ()))
    return {form for form in map(typed_form, written) if form}


def keyword_in(
    text: str, language: str, locales_dir: Path, keywords: Mapping[str, str]
) -> str | None:
    """Which of the keywords (name → English) the whole message is ('help', 'back'), if any."""
    said = typed_form(text)
    if not said:
        return None
    for name, english in keywords.items():
        if said in typed_forms(name, english, language, locales_dir):
            return name
    return next((name for alias, name in ALIASES.items() if said == typed_form(alias)), None)


@lru_cache(maxsize=8)
def opt_words(
    locales_dir: Path, languages: tuple[str, ...]
) -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """STOP and START in every language: typed form → ("stop" | "start", the languages it is
    theirs in, in menu order). A form that is both is left out (the collision test forbids it)."""
    found: dict[str, dict[str, list[str]]] = {}
    for language in languages:
        for kind, english in OPT_KEYWORDS.items():
            for form in typed_forms(kind, english, language, locales_dir):
                found.setdefault(form, {}).setdefault(kind, []).append(language)
    return {
        form: (kind, tuple(owners))
        for form, kinds in found.items()
        if len(kinds) == 1
        for kind, owners in kinds.items()
    }
