"""MY DATA and DELETE at any point of the conversation, over the signed SMS webhook."""

from __future__ import annotations

import re

from bot.dev_outbox.client import OutboxClient
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, user_turns_recorded
from tests.support.stack import Stack


def finish_a_short_assessment(phone: SmsPhone) -> None:
    for message in ("hi", "2", "tak", "1"):  # Polish, consent, yes to an interpreter
        phone.send(message)
    reply = phone.send("3")  # Urdu
    while "Oto, co zapiszemy" not in reply:
        assert "Wolę nie mówić" in reply, reply
        reply = phone.send("POMIŃ")
    assert "Tłumacz: urdu" in reply
    assert "Dziękujemy" in phone.send("tak")


def test_my_data_reads_back_what_is_held_in_the_persons_language(stack: Stack, phone: SmsPhone):
    finish_a_short_assessment(phone)
    held = phone.send("moje dane")
    assert "Oto co o Tobie przechowujemy:" in held
    assert "urdu" in held.lower()


def test_my_data_before_anything_is_recorded_says_so(stack: Stack, phone: SmsPhone):
    for message in ("hi", "1", "yes"):
        phone.send(message)
    reply = phone.send("MY DATA")
    assert "We don't hold anything about you." in reply
    assert "interpreter" in reply, "then the current question again"


def test_delete_asks_first_and_then_leaves_nothing_behind(
    stack: Stack, phone: SmsPhone, fake_twilio: OutboxClient
):
    finish_a_short_assessment(phone)
    assert len(provider.people_with_phone(stack, phone.number)) == 1

    confirm = phone.send("USUŃ")
    # The DELETE confirmation is safety-critical and its Polish is unreviewed: English, plus the
    # offer of an interpreter in Polish.
    assert "1. Yes, delete it" in confirm and "2. No, keep it" in confirm
    assert "Część tej wiadomości jest po angielsku" in confirm
    assert "wysłaliśmy Ci kod" in phone.send("1"), "a code texted to the number comes first"
    texts = [m["Body"] for m in fake_twilio.sent if m.get("To") == phone.number]
    code = re.search(r"\b(\d{6})\b", texts[-1]).group(1)
    assert "Usunęliśmy wszystko" in phone.send(code)

    assert provider.people_with_phone(stack, phone.number) == []
    assert user_turns_recorded(stack, phone.number) == 0, "the conversation is erased too"
    assert "1. English" in phone.send("hello"), "a new conversation starts from the beginning"


def test_delete_can_be_called_off(stack: Stack, phone: SmsPhone):
    finish_a_short_assessment(phone)
    phone.send("DELETE")
    kept = phone.send("2")
    assert "Usunęliśmy" not in kept
    assert len(provider.people_with_phone(stack, phone.number)) == 1
