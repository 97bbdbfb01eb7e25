"""Every language by voice: a call chooses it by keypad and completes the core assessment.

Each call is signed Twilio voice webhooks against the running stack. Every `<Say>` must use the
language's own voice (or the documented fallback: English, for a language Twilio can't speak),
every `<Gather>` must listen in the language's speech code (keys only where Twilio can't hear it),
and the provider API must show the needs recorded in that language's conversation. Expected words
come from the running NLG endpoint (the rendered catalog), never from hard-coded translations.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from functools import cache

import httpx
import pytest
from babel.messages.pofile import read_po

from api.core.settings import REPO_ROOT
from api.translations.languages import DEFAULT_LANGUAGE, Language, Languages
from bot.channels.voice_twiml import untagged
from bot.simulator import VOICE_WEBHOOK_PATH, call_form
from tests.e2e import provider
from tests.e2e.conftest import _numbers, signed_post
from tests.support.language_menu import key_naming
from tests.support.stack import PUBLIC_BASE_URL, Stack

LOCALES = REPO_ROOT / "locales"
LANGUAGES = Languages.load(LOCALES)
ENGLISH = LANGUAGES.get(DEFAULT_LANGUAGE)
MAX_TURNS = 30
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@dataclass(frozen=True)
class Reply:
    """One TwiML reply: each `<Say>` as (voice, language, text), and the `<Gather>`."""

    says: list[tuple[str | None, str | None, str]]
    gather: dict[str, str]
    hung_up: bool

    @property
    def text(self) -> str:
        return "\n".join(text for _, _, text in self.says)

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def read_reply(twiml: str) -> Reply:
    root = ElementTree.fromstring(twiml)
    gather = root.find("Gather")
    says = root.iter("Say")
    return Reply(
        says=[(x.get("voice"), x.get("language"), " ".join(x.itertext()).strip()) for x in says],
        gather=dict(gather.attrib) if gather is not None else {},
        hung_up=root.find("Hangup") is not None or gather is None,
    )


class KeypadCall:
    """A call that answers by keypad, posting what Twilio posts to each `<Gather action>`."""

    def __init__(self, stack: Stack, number: str) -> None:
        self.stack = stack
        self.number = number
        self.call_sid = "CA" + secrets.token_hex(16)
        self.query = ""
        self.turns = 0

    def post(self, **answer: str) -> Reply:
        form = call_form(self.number, self.call_sid, self.stack.env["TWILIO_ACCOUNT_SID"], **answer)
        response = signed_post(self.stack, VOICE_WEBHOOK_PATH, form, self.query)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        reply = read_reply(response.text)
        if not reply.hung_up:
            action = reply.gather["action"]
            assert action.startswith(PUBLIC_BASE_URL + VOICE_WEBHOOK_PATH + "?"), action
            self.query = action.split("?", 1)[1]
        self.turns += 1
        return reply

    def dial(self) -> Reply:
        return self.post()

    def press(self, digits: str) -> Reply:
        return self.post(Digits=digits)


def rendered(stack: Stack, response: str, code: str) -> str:
    """The NLG's words for a response in a language on a call (governance fallbacks included)."""
    body = {
        "response": response,
        "arguments": {"language": code},
        "tracker": {"slots": {}},
        "channel": {"name": "twilio_voice"},
    }
    url = f"{stack.api_url}/nlg?token={stack.env['FRONTDOOR_SERVICE_TOKEN']}"
    answer = httpx.post(url, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return untagged(str(answer.json()["text"]))  # as heard: the channel never says the tags


@cache
def english_only_lines(code: str) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    """English texts this language's catalog words differently: hearing them is a leak."""
    with (LOCALES / code / "LC_MESSAGES" / "frontdoor.po").open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id and isinstance(m.id, str)]
    exact, patterns = set(), []
    for message in messages:
        english, own = str(message.id), str(message.string)
        if not own or own == english:
            continue
        if PLACEHOLDER.search(english):
            parts = [re.escape(part) for part in PLACEHOLDER.split(english)]
            if len(parts[0]) >= 5:  # "Press %(number)s for %(option)s."
                patterns.append(re.compile("^" + ".+".join(parts) + "$"))
        elif len(english) >= 12:
            exact.add(english)
    return frozenset(exact), tuple(patterns)


def speaks_own_language(language: Language) -> bool:
    return bool(language.voice.say_voice)


def expected_speaker(language: Language) -> tuple[str | None, str | None]:
    """The `<Say>` voice and language: the language's own, else English's (the fallback)."""
    spoken = language if speaks_own_language(language) else ENGLISH
    assert spoken is not None
    return spoken.voice.say_voice, spoken.voice.say_language


def assert_voice_and_hearing(
    reply: Reply, language: Language, where: str, english: frozenset[str] = frozenset()
) -> None:
    """Each `<Say>` in the language's voice (English text it deliberately falls back to may be
    said in the English voice), and the `<Gather>` listening in its speech code or for keys."""
    speaker, english_speaker = expected_speaker(language), expected_speaker(ENGLISH)
    for voice, say_language, text in reply.says:
        lines = {line.strip() for line in text.splitlines()}
        if (voice, say_language) == english_speaker and english and lines <= english:
            continue
        assert (voice, say_language) == speaker, f"{where}: {text[:60]!r} said by {voice}"
        if speaker != english_speaker:
            assert not lines & english, f"{where}: English said by the {language.code} voice"
    if reply.hung_up:
        return
    if language.voice.keypad_only or not language.voice.speech_language:
        assert reply.gather["input"] == "dtmf", where
        assert "language" not in reply.gather, where
    else:
        assert reply.gather["input"] == "dtmf speech", where
        assert reply.gather["language"] == language.voice.speech_language, where


def assert_no_english_leak(reply: Reply, language: Language, allowed: set[str], where: str):
    """No English line a translated call should not have (governed fallbacks are `allowed`)."""
    if language.code.split("@")[0] == DEFAULT_LANGUAGE or not speaks_own_language(language):
        return  # English is the language, or the documented fallback for it
    exact, patterns = english_only_lines(language.code)
    for line in reply.lines:
        if line in allowed:
            continue
        assert line not in exact, f"{where}: English in a {language.code} call: {line!r}"
        for pattern in patterns:
            assert not pattern.match(line), f"{where}: English in a {language.code} call: {line!r}"


def menu_name(language: Language) -> str:
    return language.native_name if speaks_own_language(language) else language.english_name


def assert_language_menu(menu: Reply) -> None:
    """Heard in English, one key per page, each option said in its own language's voice where
    Twilio has one."""
    assert menu.gather["input"] == "dtmf speech"
    assert menu.gather["language"] == ENGLISH.voice.speech_language
    assert menu.gather["numDigits"] == "1"
    offered = [x for x in LANGUAGES.ordered if key_for(menu, x)]
    assert len(offered) >= 5
    for language in offered:
        said_in = {(voice, lang) for voice, lang, text in menu.says if menu_name(language) in text}
        assert said_in == {expected_speaker(language)}, f"{language.code}: {said_in}"


def key_for(menu: Reply, language: Language) -> str | None:
    """The key that chooses the language on this page of the menu (the shortest line naming it:
    "English" is also in "Easy Read English")."""
    return key_naming((text for _, _, text in menu.says), menu_name(language))


def choose_language(call: KeypadCall, language: Language) -> Reply:
    """Dial, turn the menu's pages (0) until the language is offered, and press its key."""
    menu = call.dial()
    assert_language_menu(menu)
    for _ in range(len(LANGUAGES.ordered)):
        key = key_for(menu, language)
        if key is not None:
            return call.press(key)
        menu = call.press("0")
        assert menu.gather["numDigits"] == "1"
    pytest.fail(f"{language.code} not offered on any page")


def first_line(text: str) -> str:
    return text.strip().splitlines()[0].strip()


@pytest.fixture(scope="module")
def english_needs(stack: Stack) -> set[tuple[str, str]]:
    """What the first-option path records in English: every language must record the same."""
    number = f"+447700900{next(_numbers):03d}"  # the same fresh-number supply as `phone_number`
    complete_by_keypad(stack, number, LANGUAGES.ordered.index(ENGLISH) + 1, ENGLISH)
    return provider.coded_needs(stack, number)


def complete_by_keypad(stack: Stack, number: str, menu_number: int, language: Language) -> int:
    """Choose the language, consent, no interpreter, option 1 to every question, confirm."""
    code = language.code
    consent = rendered(stack, "utter_ask_consent", code)
    interpreter = rendered(stack, "utter_ask_interpreter_needed", code)
    read_back = first_line(rendered(stack, "utter_read_back", code))
    saved = first_line(rendered(stack, "utter_saved", code))
    allowed = {line.strip() for text in (consent, interpreter) for line in text.splitlines()}
    allowed |= {read_back, saved}
    # Lines a governed (unreviewed) translation sends in English may be said in English.
    in_english = {
        line.strip()
        for name in ("utter_ask_consent", "utter_ask_interpreter_needed", "utter_saved")
        for line in rendered(stack, name, DEFAULT_LANGUAGE).splitlines()
    }
    deliberate_english = frozenset(allowed & in_english)

    call = KeypadCall(stack, number)

    def step(reply: Reply, where: str) -> Reply:
        assert_voice_and_hearing(reply, language, where, deliberate_english)
        assert_no_english_leak(reply, language, allowed, where)
        return reply

    heard = step(choose_language(call, language), "language chosen")
    assert consent in heard.text, f"{code}: consent not asked as rendered: {heard.text!r}"
    heard = step(call.press("1"), "consent given")
    assert interpreter in heard.text, f"{code}: {heard.text!r}"
    heard = step(call.press("2"), "no interpreter")
    for turn in range(MAX_TURNS):  # the first option of every question until the read-back
        if read_back in heard.text:
            break
        heard = step(call.press("1"), f"question {turn + 1}")
    else:
        pytest.fail(f"{code}: no read-back after {MAX_TURNS} answers: {heard.text!r}")
    heard = step(call.press("1"), "read-back confirmed")
    assert saved in heard.text, f"{code}: not saved: {heard.text!r}"
    return call.turns


@pytest.mark.parametrize(
    "menu_number",
    range(1, len(LANGUAGES.ordered) + 1),
    ids=[language.code for language in LANGUAGES.ordered],
)
def test_a_call_in_every_language_completes_the_core_assessment_by_keypad(
    stack: Stack, phone_number: str, menu_number: int, english_needs: set[tuple[str, str]]
) -> None:
    language = LANGUAGES.ordered[menu_number - 1]
    turns = complete_by_keypad(stack, phone_number, menu_number, language)
    assert turns <= MAX_TURNS + 6

    needs = provider.get(stack, f"/v1/people/{provider.person_id(stack, phone_number)}/needs")
    assert needs.status_code == 200, needs.text
    record = needs.json()
    assert record["language"]["code"] == language.code
    consent_in = record["consent"]["language"]
    asked = first_line(rendered(stack, "utter_ask_consent", language.code))
    worded_in_english = asked == first_line(rendered(stack, "utter_ask_consent", DEFAULT_LANGUAGE))
    # Recorded in the conversation's language, or in English where its words were English.
    assert consent_in == language.code or (worded_in_english and consent_in == DEFAULT_LANGUAGE)
    assert {need["source_channel"] for need in record["needs"]} == {"voice"}
    assert provider.coded_needs(stack, phone_number) == english_needs, "same keys, same needs"
