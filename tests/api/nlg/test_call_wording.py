"""No text-message wording on a call: every response rendered for voice, in every language.

A caller can't "reply", "send" or "text" anything during a call: they press keys or speak. The
English instructions are found by words; in every language, by the SMS keywords (BOOK, CALL ME,
BACK, YES…) as that language's catalog words them, which only a written instruction quotes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.core.settings import REPO_ROOT
from api.nlg.keywords import KEYWORDS
from api.nlg.messages import P_
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.translations.languages import Languages

CODES = Languages.load(REPO_ROOT / "locales").codes()
ARGUMENTS = {"interpreter_needed": True, "interpreter_language": "ur", "held": True}
SMS_WORDING = re.compile(r"\b(reply|replies|send|sent you|text back|texting|type)\b", re.I)
YES_WORD = P_("keyword_yes", "YES")  # "Reply YES": the written yes
# Said deliberately: after silence the caller is told they can carry on by text message.
DELIBERATE = {"utter_voice_no_input"}


@pytest.fixture(scope="module")
def renderer(compiled_locales: Path) -> Renderer:
    return Renderer.load(compiled_locales, Languages.load(compiled_locales))


def _said(renderer: Renderer, name: str, code: str) -> str:
    rendered = renderer.render(name, {"language": code, **ARGUMENTS}, {}, "twilio_voice")
    return "\n".join([rendered.text, *(b.title for b in rendered.buttons)])


def _keywords(renderer: Renderer, code: str) -> set[str]:
    """The language's capitalised keywords (a quoted keyword is an instruction to write it)."""
    words = set()
    for msg in [*KEYWORDS.values()]:
        for language in (code, "en"):
            catalog = renderer.translations.get(language)
            word = catalog.pgettext(msg.context, msg.msgid) if catalog else msg.msgid
            words.add(word)
    return {word for word in words if len(word) > 2}


def test_english_call_wording_finds_sms_instructions() -> None:
    assert SMS_WORDING.search("Please reply with the six digits.")
    assert SMS_WORDING.search("Send BOOK to make one.")
    assert not SMS_WORDING.search("Press 1 to try again.")


@pytest.mark.parametrize("code", CODES)
def test_no_response_said_on_a_call_asks_for_a_text_reply(renderer: Renderer, code: str) -> None:
    keywords = _keywords(renderer, code)
    problems = []
    for name in RESPONSES:
        if name in DELIBERATE:
            continue
        said = _said(renderer, name, code)
        english = SMS_WORDING.search(said)
        if english:
            problems.append(f"{name}: {english.group(0)!r}")
        quoted = sorted(
            word for word in keywords if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", said)
        )
        if quoted:
            problems.append(f"{name}: keyword {quoted}")
    assert problems == [], f"{code}: SMS wording on a call: {problems}"
