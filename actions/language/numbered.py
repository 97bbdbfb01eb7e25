"""Words followed by a number, as a whole message ("STOP 2", "ALLOW 2"), in any offered language.

The words come from the compiled catalogs (msgctxt "utter_who_sees", rendered by
api/nlg/who_sees_responses.py); the English word works in every language.
"""

from __future__ import annotations

from pathlib import Path

from actions.conversation.who_sees import numbered_command
from actions.language.keywords import catalog

CONTEXT = "utter_who_sees"
NUMBERED = {"stop": "STOP", "allow": "ALLOW"}


def numbered_in(text: str, language: str, locales_dir: Path) -> tuple[str, int] | None:
    """("stop" | "allow", n) when the message is one of the words and a number, else None."""
    translations = catalog(locales_dir, language)
    words = {
        name: (english, translations.pgettext(CONTEXT, english))
        for name, english in NUMBERED.items()
    }
    return numbered_command(text, words)
