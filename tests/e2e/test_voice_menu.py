"""The phone language menu, time to answer and slower speech, on calls to the running stack.

Every request is a Twilio voice webhook signed as Twilio signs it; the answers are TwiML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from bot.simulator import VOICE_WEBHOOK_PATH, Call, Heard, call_form
from tests.e2e.conftest import signed_post
from tests.support.language_menu import key_naming
from tests.support.stack import Stack

MAX_PAGES = 10


def twiml_of(stack: Stack, call: Call, **answer: str) -> ElementTree.Element:
    """Answer the call's current prompt and keep the raw TwiML (to read pacing and waits)."""
    assert call.next_action is not None
    form = call_form(call.number, call.call_sid, stack.env["TWILIO_ACCOUNT_SID"], **answer)
    reply = signed_post(stack, VOICE_WEBHOOK_PATH, form, call.next_action.split("?", 1)[1])
    assert reply.status_code == 200, reply.text
    root = ElementTree.fromstring(reply.text)
    gather = root.find("Gather")
    call.next_action = gather.get("action") if gather is not None else None
    return root


def rates(root: ElementTree.Element) -> set[str | None]:
    return {p.get("rate") for p in root.iter("prosody")} or {None}


def key_label(option: str) -> str | None:
    """The one key a label line offers ("Polski: naciśnij 2.", "বাংলা: 1 চাপুন।"), else None."""
    name, _, how = option.partition(": ")
    keys = re.findall(r"\d+", how)
    return keys[0] if name and len(keys) == 1 else None


def said(root: ElementTree.Element) -> list[str]:
    """Each `<Say>`'s words, as the caller hears them."""
    return [" ".join(say.itertext()).strip() for say in root.iter("Say")]


def choose_english(caller: Call, menu: Heard) -> Heard:
    """Turn the menu's pages (0) until English is offered, and press its key (the first page
    lists the most requested languages, so English's place depends on what was recorded)."""
    for _ in range(MAX_PAGES):
        key = key_naming(menu.says, "English")
        if key is not None:
            return caller.answer(key)
        menu = caller.answer("0")
    pytest.fail(f"English not offered on any page: {menu.says}")


def english_key(stack: Stack, caller: Call, page: ElementTree.Element, rate: str | None) -> str:
    """As `choose_english` on raw TwiML, every page said at `rate`: the key for English."""
    for _ in range(MAX_PAGES):
        assert rates(page) == {rate}
        key = key_naming(said(page), "English")
        if key is not None:
            return key
        page = twiml_of(stack, caller, Digits="0")
    pytest.fail(f"English not offered on any page: {said(page)}")


def test_a_new_caller_hears_a_short_first_page_and_one_key_acts_at_once(
    stack: Stack, caller: Call
) -> None:
    menu = caller.dial()
    assert menu.gather["numDigits"] == "1"
    assert menu.gather["finishOnKey"] == ""
    assert menu.says[0] == "Welcome to Front Door. Press or say your language."
    assert menu.says[-1] == "For more languages, press 0."
    assert len(menu.says) == 7  # greeting, five languages, "more"
    for key, option in enumerate(menu.says[1:6], start=1):  # "English: press 1.", own words
        assert key_label(option) == str(key), option
    for name in ("Soomaali", "Somali", "Urdu", "Polski", "Farsi", "Tigrinya", "Sorani"):
        assert name in menu.gather["hints"]

    more = caller.answer("0")
    assert more.gather["numDigits"] == "1"
    assert "Welcome" not in " ".join(more.says)
    assert [key_label(option) for option in more.says[:-1]] == [
        str(key) for key in range(1, len(more.says))
    ], more.says  # single keys from 1 again, then "more"
    last = caller.answer("0")
    assert "For more languages, press 0." not in last.says
    again = caller.answer("0")  # after the last page, the first again
    assert again.says == menu.says[1:] or again.says[-1] == "For more languages, press 0."


@pytest.mark.parametrize(
    ("said", "hears_in"),
    [
        ("Polski", "pl-PL"),
        ("Putonghua", "cmn-Hans-CN"),
        ("Castellano", "es-ES"),
        ("Bangla please", "bn-BD"),
        ("Panjabi", "pa-guru-IN"),
        ("Romaneste", "ro-RO"),
    ],
)
def test_saying_a_language_name_chooses_it(
    stack: Stack, caller: Call, said: str, hears_in: str
) -> None:
    caller.dial()
    consent = caller.answer(said)
    assert consent.gather["language"] == hears_in


def test_somali_named_in_somali_is_understood(stack: Stack, caller: Call) -> None:
    caller.dial()
    consent = caller.answer("Af Soomaali")
    said = " ".join(consent.says)
    assert "An interpreter to call me back" in said  # Somali: no voice, interpreter offered
    assert consent.gather["input"] == "dtmf"


def test_silence_gives_more_time_then_falls_back(stack: Stack, caller: Call) -> None:
    first = caller.dial()
    assert first.gather["timeout"] == "6"
    second = twiml_of(stack, caller)  # silence
    assert second.find("Gather").get("timeout") == "12"  # type: ignore[union-attr]
    third = twiml_of(stack, caller)
    assert third.find("Gather").get("timeout") == "20"  # type: ignore[union-attr]
    assert said(third)[1:] == first.says[1:]  # heard again, the same page (without a welcome)
    goodbye = twiml_of(stack, caller)
    assert goodbye.find("Hangup") is not None


def test_the_waiting_time_stays_longer_for_the_rest_of_the_call(stack: Stack, caller: Call) -> None:
    caller.dial()
    again = twiml_of(stack, caller)
    assert again.find("Gather").get("timeout") == "12"  # type: ignore[union-attr]
    english = english_key(stack, caller, again, None)
    consent = twiml_of(stack, caller, Digits=english)
    assert consent.find("Gather").get("timeout") == "12"  # type: ignore[union-attr]


def test_hash_asks_for_slower_speech_and_it_is_remembered_on_the_next_call(
    stack: Stack, caller: Call
) -> None:
    caller.dial()
    slower = twiml_of(stack, caller, Digits="#")
    assert rates(slower) == {"80%"}
    assert slower.find("Gather").get("timeout") == "12"  # type: ignore[union-attr]
    assert "For more languages, press 0." in said(slower)  # the same menu, slower
    consent = twiml_of(stack, caller, Digits=english_key(stack, caller, slower, "80%"))
    assert rates(consent) == {"80%"}
    assert "press hash or say slower" in "".join(consent.itertext())

    caller.dial()  # a new call from the same number: slower from its first words
    assert caller.next_action is not None and "slow=1" in caller.next_action
    repeat = twiml_of(stack, caller, Digits="*")
    assert rates(repeat) == {"80%"}


def test_the_word_slower_asks_for_slower_speech(stack: Stack, caller: Call) -> None:
    choose_english(caller, caller.dial())
    slower = twiml_of(stack, caller, SpeechResult="Slower.", Confidence="0.9")
    assert rates(slower) == {"80%"}
    assert "Yes: press 1." in said(slower)  # the same question, slower


def test_easy_read_is_said_slowly_with_pauses(stack: Stack, caller: Call) -> None:
    caller.dial()
    consent = twiml_of(stack, caller, SpeechResult="Easy Read", Confidence="0.9")
    assert rates(consent) == {"90%"}
    assert consent.find(".//break") is not None


def test_the_word_slower_works_in_the_callers_language(stack: Stack, caller: Call) -> None:
    caller.dial()
    consent = caller.answer("Polski")
    assert "wolniej" in " ".join(consent.says)  # the consent question says how, in Polish
    slower = twiml_of(stack, caller, SpeechResult="Wolniej", Confidence="0.9")
    assert rates(slower) == {"80%"}
    assert "wolniej" in slower.find("Gather").get("hints", "")  # type: ignore[union-attr]
