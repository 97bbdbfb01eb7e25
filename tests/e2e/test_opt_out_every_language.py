"""STOP and START in every language, on WhatsApp and SMS, honoured by everything Front Door starts.

Signed Twilio webhooks against the running stack; the scheduler's check-ins go to the development
outbox (the fake Twilio REST API on loopback), so what is not sent is seen not to arrive.
"""

from __future__ import annotations

import sqlite3
import time

import httpx

from bot.dev_outbox.client import OutboxClient
from bot.simulator import WHATSAPP_WEBHOOK_PATH, messages_in, whatsapp_form
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, _numbers, signed_post
from tests.e2e.test_check_in import assessed_person, wait_for
from tests.support.stack import Stack


def whatsapp(stack: Stack, number: str, body: str) -> list[str]:
    form = whatsapp_form(body, number, stack.env["TWILIO_ACCOUNT_SID"])
    response = signed_post(stack, WHATSAPP_WEBHOOK_PATH, form)
    assert response.status_code == 200, response.text
    return messages_in(response.text)


def rendered(stack: Stack, response: str, code: str, channel: str) -> str:
    body = {"response": response, "arguments": {"language": code}, "tracker": {"slots": {}},
            "channel": {"name": channel}}  # fmt: skip
    url = f"{stack.api_url}/nlg?token={stack.env['FRONTDOOR_SERVICE_TOKEN']}"
    answer = httpx.post(url, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["text"])


def channels(stack: Stack, number: str) -> dict:
    response = httpx.get(
        stack.api_url + "/internal/contact-preferences",
        params={"phone": number},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["channels"]


def sent_to(outbox: OutboxClient, number: str) -> list[str]:
    return [m["Body"] for m in outbox.sent if m.get("To") in (number, f"whatsapp:{number}")]


def wait_a_week(stack: Stack, person: str) -> None:
    """Mark the person waiting, then let a week pass (a check-in is due)."""
    waiting = {"referral": "Physiotherapy, knee", "expected_wait_weeks": 12}
    marked = httpx.post(
        f"{stack.api_url}/v1/people/{person}/waiting", json=waiting, headers=provider.headers(stack)
    )
    assert marked.status_code in (200, 201), marked.text
    with sqlite3.connect(stack.workdir / "frontdoor.db") as db:
        db.execute(
            "UPDATE waiting_entries SET created_at = datetime('now', '-8 days') "
            "WHERE person_id = ?",
            (person,),
        )


def test_stop_in_somali_by_whatsapp_stops_check_ins_and_start_restarts_them(
    stack: Stack, phone: SmsPhone, outbox: OutboxClient
):
    person = assessed_person(stack, phone)
    neighbour = SmsPhone(stack, f"+447700900{next(_numbers):03d}")  # waits too, never says STOP
    other = assessed_person(stack, neighbour)

    stopped = whatsapp(stack, phone.number, "Jooji")
    assert stopped == [rendered(stack, "utter_opted_out", "so", "twilio_whatsapp")]
    assert "Front Door" in stopped[0] and "BILOW" in stopped[0]
    state = channels(stack, phone.number)
    assert state["sms"]["opted_out"] and state["whatsapp"]["opted_out"]

    wait_a_week(stack, person)
    wait_a_week(stack, other)
    assert wait_for(lambda: sent_to(outbox, neighbour.number)), "the scheduler never ran"
    time.sleep(2)  # a pass or two more
    assert sent_to(outbox, phone.number) == [], "a check-in went to someone who said STOP"

    started = whatsapp(stack, phone.number, "BILOW")
    assert started == [rendered(stack, "utter_opted_in", "so", "twilio_whatsapp")]
    state = channels(stack, phone.number)
    assert not state["sms"]["opted_out"] and not state["whatsapp"]["opted_out"]
    assert wait_for(lambda: sent_to(outbox, phone.number)), "START did not restart them"
    assert "How are you while you wait?" in sent_to(outbox, phone.number)[-1]


def test_stop_in_another_language_by_sms_is_confirmed_by_us_and_english_stop_by_twilio(
    stack: Stack, phone: SmsPhone
):
    phone.send("hi")
    answer = phone.post(phone.form("توقف؟"))
    assert messages_in(answer.text) == [rendered(stack, "utter_opted_out", "ar", "twilio_sms")]
    assert channels(stack, phone.number)["whatsapp"]["opted_out"]
    english = phone.post(phone.form("Stop."))
    assert messages_in(english.text) == [], "Twilio answers its own words on SMS"


def test_english_stop_by_whatsapp_is_confirmed_in_the_conversation_language(
    stack: Stack, phone_number: str
):
    whatsapp(stack, phone_number, "hi")
    whatsapp(stack, phone_number, "2")  # Polski
    assert whatsapp(stack, phone_number, "STOP") == [
        rendered(stack, "utter_opted_out", "pl", "twilio_whatsapp")
    ]
    assert whatsapp(stack, phone_number, "start") == [
        rendered(stack, "utter_opted_in", "pl", "twilio_whatsapp")
    ]
