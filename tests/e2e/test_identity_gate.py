"""A spoofed caller ID or SMS sender can't erase a record or hear it: a code texted first.

Caller ID and SMS sender IDs can be spoofed; the code goes by SMS to the real number, so only the
person holding that phone can key it in.
"""

from __future__ import annotations

from bot.dev_outbox.client import OutboxClient
from bot.simulator import WHATSAPP_WEBHOOK_PATH, Call, messages_in, whatsapp_form
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, latest_code, signed_post
from tests.support.stack import Stack

CODE_ASKED = "we have sent a code to this phone"
TOO_MANY = "can't send you another code"


def spoken(heard) -> str:
    return " ".join(heard.says)


def texts_to(fake_twilio: OutboxClient, number: str) -> list[str]:
    return fake_twilio.texts_to(number)


def not_the(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def saved_with_an_urdu_interpreter(phone: SmsPhone) -> None:
    """An English assessment finished by SMS: an Urdu interpreter, every other question skipped."""
    for message in ("hi", "1", "yes", "1"):
        phone.send(message)
    reply = phone.send("3")  # Urdu
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    assert "saved" in phone.send("1").lower()


def test_a_call_saying_delete_and_pressing_1_without_the_code_erases_nothing(
    stack: Stack, phone: SmsPhone, caller: Call, fake_twilio: OutboxClient
):
    phone.number = caller.number
    saved_with_an_urdu_interpreter(phone)
    caller.dial()
    caller.answer("delete")
    asked = spoken(caller.answer("1"))
    assert CODE_ASKED in asked
    assert "deleted" not in asked.lower()
    caller.answer(not_the(latest_code(fake_twilio, caller.number)))
    assert len(provider.people_with_phone(stack, caller.number)) == 1


def test_a_call_saying_delete_erases_once_the_texted_code_is_keyed_in(
    stack: Stack, phone: SmsPhone, caller: Call, fake_twilio: OutboxClient
):
    phone.number = caller.number
    saved_with_an_urdu_interpreter(phone)
    caller.dial()
    caller.answer("delete")
    assert CODE_ASKED in spoken(caller.answer("1"))
    erased = spoken(caller.answer(latest_code(fake_twilio, caller.number)))
    assert "We have deleted everything" in erased
    assert provider.people_with_phone(stack, caller.number) == []


def test_change_on_a_call_reads_nothing_back_before_the_code(
    stack: Stack, phone: SmsPhone, caller: Call, fake_twilio: OutboxClient
):
    phone.number = caller.number
    saved_with_an_urdu_interpreter(phone)
    caller.dial()
    caller.answer("change")
    caller.answer("1")  # the interpreter part
    caller.answer("1")  # yes, an interpreter
    heard = spoken(caller.answer("3"))  # Urdu: the read-back would come next
    assert CODE_ASKED in heard
    assert "Urdu" not in heard and "what we will record" not in heard
    read_back = spoken(caller.answer(latest_code(fake_twilio, caller.number)))
    assert "what we will record" in read_back and "Urdu" in read_back


def test_delete_by_sms_asks_for_the_texted_code_first(
    stack: Stack, phone: SmsPhone, fake_twilio: OutboxClient
):
    saved_with_an_urdu_interpreter(phone)
    phone.send("DELETE")
    asked = phone.send("1")
    assert "we have sent you a code" in asked
    assert len(provider.people_with_phone(stack, phone.number)) == 1
    assert "We have deleted everything" not in phone.send(
        not_the(latest_code(fake_twilio, phone.number))
    )
    assert len(provider.people_with_phone(stack, phone.number)) == 1
    assert "We have deleted everything" in phone.send(latest_code(fake_twilio, phone.number))
    assert provider.people_with_phone(stack, phone.number) == []


def test_one_code_request_too_many_in_an_hour_is_refused_kindly_and_texts_nothing(
    stack: Stack, phone: SmsPhone, caller: Call, fake_twilio: OutboxClient
):
    phone.number = caller.number
    for message in ("hi", "1", "yes", "2"):
        phone.send(message)
    caller.dial()
    for _ in range(3):
        assert CODE_ASKED in spoken(caller.answer("my data"))
    assert len(texts_to(fake_twilio, caller.number)) == 3
    refused = spoken(caller.answer("my data"))
    assert TOO_MANY in refused and CODE_ASKED not in refused
    assert len(texts_to(fake_twilio, caller.number)) == 3


def test_a_new_code_resets_neither_the_tries_nor_the_lock_out(
    stack: Stack, phone: SmsPhone, caller: Call, fake_twilio: OutboxClient
):
    phone.number = caller.number
    for message in ("hi", "1", "yes", "2"):
        phone.send(message)
    caller.dial()
    caller.answer("my data")
    first = latest_code(fake_twilio, caller.number)
    caller.answer(not_the(first))
    caller.answer(not_the(first))
    caller.answer("my data")  # a fresh code: the two wrong tries still count
    second = latest_code(fake_twilio, caller.number)
    assert "we can't" in spoken(caller.answer(not_the(second))).replace("’", "'")
    assert "This is what we hold" not in spoken(caller.answer(second))
    sent = len(texts_to(fake_twilio, caller.number))
    refused = spoken(caller.answer("my data"))
    assert CODE_ASKED not in refused and "This is what we hold" not in refused
    assert len(texts_to(fake_twilio, caller.number)) == sent, "no code is texted while locked"


def test_delete_by_whatsapp_erases_only_with_the_code_texted_to_the_number(
    stack: Stack, phone: SmsPhone, fake_twilio: OutboxClient
):
    def whatsapp(body: str) -> str:
        form = whatsapp_form(body, phone.number, stack.env["TWILIO_ACCOUNT_SID"])
        return "\n\n".join(messages_in(signed_post(stack, WHATSAPP_WEBHOOK_PATH, form).text))

    saved_with_an_urdu_interpreter(phone)
    whatsapp("DELETE")
    assert "we have sent you a code" in whatsapp("1")
    assert len(provider.people_with_phone(stack, phone.number)) == 1
    code = latest_code(fake_twilio, phone.number)  # by SMS, to the number itself
    assert "We have deleted everything" in whatsapp(code)
    assert provider.people_with_phone(stack, phone.number) == []
