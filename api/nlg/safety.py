"""Safety-critical texts, marked in one place: consent, the DELETE confirmation, urgent help.

A safety-critical text is only sent in a language when that language's translation was reviewed
or certified from the English as it reads today; otherwise the English goes out with an offer of
an interpreter call-back (api/nlg/render.py, docs/translations.md).
"""

from __future__ import annotations

import re

# Whole responses: every text in them, buttons included ("Yes" to consent must be right).
SAFETY_CONTEXTS = frozenset({"utter_ask_consent", "utter_confirm_delete"})
# Any text naming the emergency (999) or urgent-care (111) numbers, in whichever response.
URGENT_HELP = re.compile(r"(?<!\d)(?:999|111)(?!\d)")


def is_safety_critical(context: str, msgid: str) -> bool:
    """Whether a text (its context and English) is safety-critical."""
    return context in SAFETY_CONTEXTS or URGENT_HELP.search(msgid) is not None
