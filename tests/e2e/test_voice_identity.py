"""On a call, MY DATA is read out only after the code texted to that number is keyed in."""

from __future__ import annotations

import re

from bot.dev_outbox.client import OutboxClient
from bot.simulator import Call
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def spoken(heard) -> str:
    return " ".join(heard.says)


def test_a_caller_keys_in_the_texted_code_before_hearing_their_data(
    stack: Stack, phone: SmsPhone, caller: Call, outbox: OutboxClient
):
    phone.number = caller.number
    for message in ("hi", "1", "yes", "1"):  # English, consent, an interpreter
        phone.send(message)
    reply = phone.send("3")  # Urdu
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    assert "saved" in phone.send("1").lower()
    heard = caller.dial()
    heard = caller.answer("my data")
    assert "we have sent a code to this phone" in spoken(heard)
    texts = [m["Body"] for m in outbox.sent if m.get("To") == caller.number]
    code = re.search(r"\b(\d{6})\b", texts[-1]).group(1)

    wrong = "000000" if code != "000000" else "111111"
    assert "That code is not right" in spoken(caller.answer(wrong))
    read_out = spoken(caller.answer(code))
    assert "This is what we hold about you" in read_out and "Urdu" in read_out


def test_three_wrong_codes_keep_the_data_unread(
    stack: Stack, phone: SmsPhone, caller: Call, outbox: OutboxClient
):
    phone.number = caller.number
    for message in ("hi", "1", "yes", "2"):
        phone.send(message)
    caller.dial()
    caller.answer("my data")
    texts = [m["Body"] for m in outbox.sent if m.get("To") == caller.number]
    code = re.search(r"\b(\d{6})\b", texts[-1]).group(1)
    wrong = "000000" if code != "000000" else "111111"
    caller.answer(wrong)
    caller.answer(wrong)
    locked = spoken(caller.answer(wrong))
    assert "For your safety, we can't go on with this" in locked
    assert "This is what we hold" not in spoken(caller.answer(code))
