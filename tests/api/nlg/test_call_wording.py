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
from api.nlg.render import Renderer
from api.nlg.responses import RESPONSES
from api.translations.languages import Languages

CODES = Languages.load(REPO_ROOT / "locales").codes()
ARGUMENTS = {"interpreter_needed": True, "interpreter_language": "ur", "held": True}
# Instructions to write: "reply", "send BOOK", "text us"; not "we can't send you a code".
SMS_WORDING = re.compile(
    r"\b(?:reply|replies|type)\b|(?<!we )(?<!can't )(?<!cannot )(?<!not )\bsend\b"
    r"|\btext (?:us|back)\b",
    re.IGNORECASE,
)
# Said deliberately: after silence the caller is told they can carry on by text message.
# Never said on a call: the answers to STOP and START, which only come by SMS or WhatsApp
# (bot/channels/opt_out.py), where "send START" is the instruction the person needs.
DELIBERATE = {"utter_voice_no_input", "utter_opted_out", "utter_opted_in"}


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
    # Only written in capitals is a keyword told apart from an ordinary word (scripts without
    # capitals, such as Bengali, are checked through their English and not by keyword).
    return {word for word in words if len(word) > 2 and word.isupper()}


def test_english_call_wording_finds_sms_instructions() -> None:
    assert SMS_WORDING.search("Please reply with the six digits.")
    assert SMS_WORDING.search("Send BOOK to make one.")
    assert SMS_WORDING.search("Send us any message if you change your mind.")
    assert not SMS_WORDING.search("Press 1 to try again.")
    assert not SMS_WORDING.search("For your safety, we can't send you another code for now.")
    assert not SMS_WORDING.search("Sorry, we could not send you a code.")


def _problems(renderer: Renderer, name: str, code: str, keywords: set[str]) -> list[str]:
    said = _said(renderer, name, code)
    problems = [f"{name}: {m.group(0)!r}" for m in SMS_WORDING.finditer(said)]
    quoted = sorted(w for w in keywords if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", said))
    return problems + ([f"{name}: keyword {quoted}"] if quoted else [])


@pytest.mark.parametrize("code", CODES)
def test_no_response_said_on_a_call_asks_for_a_text_reply(renderer: Renderer, code: str) -> None:
    keywords = _keywords(renderer, code)
    problems = [
        problem
        for name in RESPONSES
        if name not in DELIBERATE
        for problem in _problems(renderer, name, code, keywords)
    ]
    assert problems == [], f"{code}: SMS wording on a call: {problems}"


def test_reply_yes_and_send_book_are_not_said_on_a_call(renderer: Renderer) -> None:
    failed = _said(renderer, "utter_save_failed", "en")
    assert "Reply YES" not in failed and "Say yes to try again." in failed
    assert "BOOK" not in _said(renderer, "utter_no_bookings", "en")
