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
# Still worded for SMS on a call (each needs a voice variant in api/nlg/voice_wording.py and its
# translations). The list may only shrink: a response fixed must be taken off it.
NOT_YET = {
    "utter_no_consent", "utter_ask_question", "utter_cancelled", "utter_code_refused",
    "utter_code_locked", "utter_code_not_sent", "utter_reminder", "utter_feedback_question",
    "utter_no_slots", "utter_no_slot_chosen", "utter_deleted", "utter_moving_on", "utter_help",
    "utter_privacy", "utter_check_in_same", "utter_check_in_worse", "utter_check_in_help_now",
    "utter_callback_requested",
}  # fmt: skip


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
    assert not SMS_WORDING.search("Press 1 to try again.")


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
        if name not in DELIBERATE | NOT_YET
        for problem in _problems(renderer, name, code, keywords)
    ]
    assert problems == [], f"{code}: SMS wording on a call: {problems}"


def test_the_list_of_texts_not_yet_worded_for_a_call_only_shrinks(renderer: Renderer) -> None:
    keywords = {code: _keywords(renderer, code) for code in CODES}
    for name in NOT_YET:
        still = any(_problems(renderer, name, code, keywords[code]) for code in CODES)
        assert still, f"{name} is fixed: take it off NOT_YET"


def test_reply_yes_and_send_book_are_not_said_on_a_call(renderer: Renderer) -> None:
    failed = _said(renderer, "utter_save_failed", "en")
    assert "Reply YES" not in failed and "Say yes to try again." in failed
    assert "BOOK" not in _said(renderer, "utter_no_bookings", "en")
