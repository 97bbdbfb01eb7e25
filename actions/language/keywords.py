"""Words a person can send at any point (HELP, BACK, SKIP, CHANGE, CALL ME, …).

Which words there are comes with the flow from the API (api/nlg/keywords.py, name → English); their
translations from the same compiled catalogs the API renders from (msgctxt "keyword").
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from actions.language.names import plain

DOMAIN = "frontdoor"


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


def keyword_in(
    text: str, language: str, locales_dir: Path, keywords: Mapping[str, str]
) -> str | None:
    """Which of the keywords (name → English) the whole message is ('help', 'back'), if any."""
    said = plain(text.strip().strip(".!"))
    if not said:
        return None
    translations = catalog(locales_dir, language)
    for name, english in keywords.items():
        if said in {plain(english), plain(translations.pgettext("keyword", english))}:
            return name
    return next((name for alias, name in ALIASES.items() if said == plain(alias)), None)
