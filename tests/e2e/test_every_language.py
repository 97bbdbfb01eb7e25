"""Every launch language by SMS: menu, consent, interpreter, each question, read-back, saved.

Consent is checked in English with the interpreter offer while its translation is unreviewed.
"""

from __future__ import annotations

from functools import cache

import pytest
from babel.messages.pofile import read_po

from api.core.settings import REPO_ROOT
from api.translations.languages import Languages
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack

LOCALES = REPO_ROOT / "locales"
LANGUAGES = Languages.load(LOCALES).ordered
ISOLATES = str.maketrans("", "", "\u2068\u2069\u200e")  # isolates and the left-to-right mark
MAX_TURNS = 30


@cache
def _catalog(code: str) -> dict[tuple[str, str], str]:
    """(context, English) → this language's text, from its .po."""
    if code == "en":
        return {}
    with (LOCALES / code / "LC_MESSAGES" / "frontdoor.po").open("rb") as handle:
        return {(m.context or "", str(m.id)): str(m.string) for m in read_po(handle) if m.id}


def said(code: str, context: str, english_start: str) -> str:
    """The text (found by context and the start of its English) as this language words it."""
    for (where, english), text in _catalog(code).items():
        if where == context and english.startswith(english_start):
            return text
    return english_start


@pytest.mark.parametrize("number", range(1, len(LANGUAGES) + 1), ids=[x.code for x in LANGUAGES])
def test_the_core_assessment_by_sms_in_every_launch_language(
    stack: Stack, phone: SmsPhone, number: int
) -> None:
    code = LANGUAGES[number - 1].code
    # Consent is safety-critical and every language's is a machine draft today: it is sent in
    # English, with a note and an offer of an interpreter call-back in the person's language.
    consent = "We'd like to record your language and any support"
    fallback = (
        said(code, "safety_fallback", "Part of this message is in English") if code != "en" else ""
    )
    interpreter = said(
        code,
        "utter_ask_interpreter_needed",
        "Would you like an interpreter when you talk to NHS services?",
    )
    read_back = said(code, "utter_read_back", "Here is what we will record:")

    assert f"{number}. " in phone.send("hi")
    asked = phone.send(str(number)).translate(ISOLATES)
    assert consent[:12] in asked and fallback[:12] in asked
    assert interpreter[:12] in phone.send("1").translate(ISOLATES)
    reply = phone.send("2")
    for _ in range(MAX_TURNS):  # first option of every question until the read-back
        if read_back[:12] in reply.translate(ISOLATES):
            break
        reply = phone.send("1")
    else:
        pytest.fail(f"{code}: no read-back after {MAX_TURNS} answers: {reply!r}")
    saved = said(code, "utter_saved", "Thank you. Your answers are saved and shared")
    assert saved[:10] in phone.send("1").translate(ISOLATES)
