"""Booking, moving and cancelling by keypad on a call, with the needs carried to the provider,
and the I-statement survey by keypad."""

from __future__ import annotations

import re

from bot.dev_outbox.client import OutboxClient
from bot.simulator import Call, Heard
from tests.e2e import provider
from tests.e2e.test_booking import publish, withdraw_free_slots
from tests.e2e.test_feedback import answers_of
from tests.support.stack import Stack

WHEELCHAIR = "1108191000000103"


def spoken(heard: Heard) -> str:
    return " ".join(heard.says)


def key_for(heard: Heard, words: str) -> str:
    """The key the caller is told to press for the option containing `words`."""
    for found in re.finditer(r"^(.*): press (\d+)\.$", "\n".join(heard.says), re.MULTILINE):
        if words in found.group(1):
            return found.group(2)
    raise AssertionError(f"no option {words!r} in {heard.says}")


def assessed_by_keypad(caller: Call) -> Heard:
    """English, consent, then each question's adjustments answered 'Wheelchair access'."""
    caller.dial()
    caller.answer("1")  # English
    heard = caller.answer("1")  # consent: yes
    for _ in range(40):
        said = spoken(heard)
        if "saved" in said.lower():
            return caller.answer("9")  # any key: what can I do now?
        if "Here is what we will record" in said:
            assert "Adjustments: Wheelchair access" in said
            heard = caller.answer(key_for(heard, "Yes"))
        elif "Wheelchair access" in said:
            heard = caller.answer(key_for(heard, "Wheelchair access"))
        elif "Prefer not to say" in said:
            heard = caller.answer(key_for(heard, "Prefer not to say"))
        else:
            heard = caller.answer("2")  # e.g. no interpreter
    raise AssertionError("the assessment did not finish")


def test_book_move_and_cancel_by_keypad_with_needs_carried(
    stack: Stack, caller: Call, fake_twilio: OutboxClient
):
    withdraw_free_slots(stack)
    first = publish(stack, days=15, step_free=True, place="Keypad Clinic")
    second = publish(stack, days=16, step_free=True, place="Dial Tone Centre")
    menu = assessed_by_keypad(caller)
    assert "Book an appointment" in spoken(menu)

    offer = caller.answer(key_for(menu, "Book an appointment"))
    booked = caller.answer(key_for(offer, "Keypad Clinic"))
    assert "You're booked" in spoken(booked) and "Keypad Clinic" in spoken(booked)
    assert "Is this true for you?" in spoken(booked), "the survey follows, by keypad"
    listed = provider.get(stack, "/v1/bookings", status="all", limit=500).json()
    [mine] = [b for b in listed if b["slot_id"] == first]
    assert mine["channel"] == "voice"
    assert WHEELCHAIR in {need["code"]["code"] for need in mine["needs"]}

    menu = caller.answer("9")  # not a survey answer: the survey ends, the menu is read
    assert "Move an appointment" in spoken(menu)
    asked = caller.answer(key_for(menu, "Move an appointment"))
    # Bookings are said from the records: the code texted to the number first, once per call.
    assert "we have sent a code to this phone" in spoken(asked)
    texts = [m["Body"] for m in fake_twilio.sent if m.get("To") == caller.number]
    offer = caller.answer(re.search(r"\b(\d{6})\b", texts[-1]).group(1))
    assert "Keypad Clinic" not in spoken(offer)
    moved = caller.answer(key_for(offer, "Dial Tone Centre"))
    assert "Your appointment is now" in spoken(moved) and "Dial Tone Centre" in spoken(moved)

    menu = caller.answer("9")
    sure = caller.answer(key_for(menu, "Cancel an appointment"))
    assert "Cancel this appointment?" in spoken(sure) and "Dial Tone Centre" in spoken(sure)
    assert "Cancelled" in spoken(caller.answer(key_for(sure, "Yes, cancel it")))

    listed = provider.get(stack, "/v1/bookings", status="all", limit=500).json()
    statuses = {b["slot_id"]: b["status"] for b in listed if b["slot_id"] in (first, second)}
    assert statuses == {first: "moved", second: "cancelled"}
    [last] = [b for b in listed if b["slot_id"] == second]
    assert WHEELCHAIR in {need["code"]["code"] for need in last["needs"]}


def test_the_survey_after_the_assessment_by_keypad(stack: Stack, caller: Call):
    menu = assessed_by_keypad(caller)
    first = caller.answer(key_for(menu, "Tell us how it went"))
    assert "Is this true for you? I was listened to." in spoken(first)
    second = caller.answer(key_for(first, "Yes"))
    third = caller.answer(key_for(second, "Partly"))
    thanks = caller.answer(key_for(third, "No"))
    assert "Thank you. Your answers help us" in spoken(thanks)
    person = provider.person_id(stack, caller.number)
    assert answers_of(stack, person) == [
        ("listened", "yes", "en", "voice", "assessment"),
        ("own_language", "partly", "en", "voice", "assessment"),
        ("understood", "no", "en", "voice", "assessment"),
    ]
