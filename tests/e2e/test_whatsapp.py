"""WhatsApp to the running stack, as Twilio posts it: the same person as SMS, media, retries."""

from __future__ import annotations

import httpx

from bot.simulator import SMS_WEBHOOK_PATH, WHATSAPP_WEBHOOK_PATH, messages_in, whatsapp_form
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, signed_post, user_turns_recorded
from tests.support.stack import Stack


def send(stack: Stack, number: str, body: str, **extra: str) -> list[str]:
    form = {**whatsapp_form(body, number, stack.env["TWILIO_ACCOUNT_SID"]), **extra}
    response = signed_post(stack, WHATSAPP_WEBHOOK_PATH, form)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    return messages_in(response.text)


def test_a_whatsapp_conversation_completes_the_assessment(stack: Stack, phone_number: str):
    menu = send(stack, phone_number, "Hello")
    assert len(menu) == 1 and "1. English" in menu[0]
    assert "1. Yes" in send(stack, phone_number, "1")[0]
    reply = send(stack, phone_number, "yes")
    for _ in range(30):
        if "saved" in reply[0].lower():
            break
        reply = send(stack, phone_number, "1")
    assert "saved" in reply[0].lower()
    assert len(provider.people_with_phone(stack, phone_number)) == 1


def test_whatsapp_and_sms_from_one_number_are_one_conversation(stack: Stack, phone: SmsPhone):
    send(stack, phone.number, "hi")  # WhatsApp: the language menu
    consent = phone.send("1")  # SMS answers the menu WhatsApp showed
    assert "1. Yes" in consent and "2. No" in consent
    assert user_turns_recorded(stack, phone.number) == 2
    assert user_turns_recorded(stack, f"whatsapp:{phone.number}") == 0


def test_a_voice_note_gets_a_kind_reply(stack: Stack, phone_number: str):
    send(stack, phone_number, "hi")
    reply = send(
        stack, phone_number, "", NumMedia="1", MediaContentType0="audio/ogg",
        MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME",
        MessageType="audio",
    )  # fmt: skip
    assert reply and "1. English" in reply[-1]


def test_forged_signature_is_refused_and_a_retry_is_processed_once(stack: Stack, phone_number: str):
    form = whatsapp_form("hello", phone_number, stack.env["TWILIO_ACCOUNT_SID"])
    assert signed_post(stack, WHATSAPP_WEBHOOK_PATH, form, signature=None).status_code == 403
    signed_for_sms = signed_post(stack, SMS_WEBHOOK_PATH, form)
    assert signed_for_sms.status_code == 200  # the same form is valid where it was signed for
    form["MessageSid"] = form["SmsSid"] = "SM" + "5" * 32
    first = signed_post(stack, WHATSAPP_WEBHOOK_PATH, form)
    retry = signed_post(stack, WHATSAPP_WEBHOOK_PATH, form)
    assert first.status_code == retry.status_code == 200 and first.text == retry.text
    assert user_turns_recorded(stack, phone_number) == 2


def test_wrong_content_type_missing_fields_and_huge_bodies_are_4xx(stack: Stack):
    url = stack.rasa_url + WHATSAPP_WEBHOOK_PATH
    assert httpx.post(url, json={"Body": "hi"}, timeout=10).status_code == 403
    form = whatsapp_form("hi", "+447700900999", stack.env["TWILIO_ACCOUNT_SID"])
    for field in ("MessageSid", "SmsSid"):
        del form[field]
    assert signed_post(stack, WHATSAPP_WEBHOOK_PATH, form).status_code == 400
    huge = httpx.post(
        url,
        content=b"Body=" + b"a" * 1_000_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert 400 <= huge.status_code < 500
