"""SMS and WhatsApp channels over fakes: STOP / START, WhatsApp identity, media, the 24 h window."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from rasa.shared.core.events import UserUttered

from bot.channels import twilio_core as core
from bot.channels.twilio_sms import TwilioSmsInput
from bot.channels.twilio_whatsapp import TwilioWhatsAppInput, within_session_window
from bot.internal_api.errors import ApiUnavailable
from bot.simulator import sms_form, whatsapp_form
from tests.bot.fakes import AUTH_TOKEN, PUBLIC_BASE_URL, FakeAgent, new_tracker, signed_request

PATIENT = "+447700900123"
SMS_PATH = "/webhooks/twilio_sms/webhook"
WHATSAPP_PATH = "/webhooks/twilio_whatsapp/webhook"


@dataclass
class FakeContacts:
    """Records what the channel asked the API to record."""

    calls: list[tuple[str, ...]] = field(default_factory=list)
    fail: bool = False

    async def opt_out(self, phone: str, channel: str) -> None:
        await self._record("opt_out", phone, channel)

    async def opt_in(self, phone: str, channel: str) -> None:
        await self._record("opt_in", phone, channel)

    async def message_status(self, form: dict[str, str], channel: str) -> None:
        await self._record("status", form["MessageSid"], form["MessageStatus"], channel)

    async def confirmation(self, response: str, language: str, channel: str) -> str:
        await self._record("confirm", response, language, channel)
        return f"{response} in {language}"

    async def _record(self, *call: str) -> None:
        if self.fail:
            raise ApiUnavailable("down")
        self.calls.append(call)


def make(channel_class, contacts: FakeContacts):
    return channel_class(core.TwilioChannelSettings(AUTH_TOKEN, PUBLIC_BASE_URL), contacts)


def post(channel, agent: FakeAgent, path: str, form: dict[str, str]):
    request = signed_request(agent, path, form)
    return asyncio.run(channel.handle(request, agent.on_new_message))


def bodies(twiml: bytes) -> list[str]:
    return [m.text or "" for m in ElementTree.fromstring(twiml).iter("Message")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [("STOP", "stop"), (" stop. ", "stop"), ("Unsubscribe", "stop"), ("START", "start"),
     ("unstop", "start"), ("yes", None), ("stop please", None), ("", None), (None, None)],
)  # fmt: skip
def test_only_whole_message_keywords_count(body, expected) -> None:
    assert core.keyword(body) == expected


def test_stop_is_recorded_and_gets_no_reply_of_ours() -> None:
    contacts, agent = FakeContacts(), FakeAgent()
    channel = make(TwilioSmsInput, contacts)
    answer = post(channel, agent, SMS_PATH, sms_form("STOP", PATIENT, "AC1"))
    assert answer.status == 200 and bodies(answer.body) == []
    # STOP on one channel is STOP on every channel of the number.
    assert contacts.calls == [("opt_out", PATIENT, "sms"), ("opt_out", PATIENT, "whatsapp")]
    assert agent.heard == []
    post(channel, agent, SMS_PATH, sms_form("Start", PATIENT, "AC1"))
    assert contacts.calls[-2:] == [("opt_in", PATIENT, "sms"), ("opt_in", PATIENT, "whatsapp")]


@pytest.mark.parametrize(
    ("body", "kind", "language"),
    [("JOOJI", "utter_opted_out", "so"), ("jooji.", "utter_opted_out", "so"),
     ("توقف", "utter_opted_out", "ar"), ("停止。", "utter_opted_out", "zh"),
     ("bund karo", "utter_opted_out", "ur"), ("BILOW", "utter_opted_in", "so"),
     ("ኣቋርጽ", "utter_opted_out", "ti")],
)  # fmt: skip
def test_stop_and_start_in_other_languages_by_sms_are_ours_to_confirm(body, kind, language):
    contacts, agent = FakeContacts(), FakeAgent()
    answer = post(make(TwilioSmsInput, contacts), agent, SMS_PATH, sms_form(body, PATIENT, "AC1"))
    assert bodies(answer.body) == [f"{kind} in {language}"]
    assert contacts.calls[-1] == ("confirm", kind, language, "twilio_sms")
    assert agent.heard == []


def test_stop_with_the_api_down_still_answers_without_a_reply() -> None:
    channel = make(TwilioSmsInput, FakeContacts(fail=True))
    answer = post(channel, FakeAgent(), SMS_PATH, sms_form("STOP", PATIENT, "AC1"))
    assert answer.status == 200 and bodies(answer.body) == []


def test_status_callback_is_verified_and_forwarded() -> None:
    contacts = FakeContacts()
    channel = make(TwilioSmsInput, contacts)
    form = {"MessageSid": "SM1", "MessageStatus": "undelivered", "ErrorCode": "30003",
            "To": PATIENT, "From": "+447700900000", "AccountSid": "AC1"}  # fmt: skip
    path = "/webhooks/twilio_sms/status"
    assert asyncio.run(channel.handle_status(signed_request(None, path, form))).status == 204
    assert contacts.calls == [("status", "SM1", "undelivered", "sms")]
    forged = signed_request(None, path, form, signature="Zm9yZ2Vk")
    assert asyncio.run(channel.handle_status(forged)).status == 403
    del form["MessageStatus"]
    assert asyncio.run(channel.handle_status(signed_request(None, path, form))).status == 400
    contacts.fail, form["MessageStatus"] = True, "failed"
    assert asyncio.run(channel.handle_status(signed_request(None, path, form))).status == 503


def test_whatsapp_number_is_the_same_person_as_the_sms_number() -> None:
    agent = FakeAgent()
    post(make(TwilioSmsInput, FakeContacts()), agent, SMS_PATH, sms_form("hi", PATIENT, "AC1"))
    whatsapp = make(TwilioWhatsAppInput, FakeContacts())
    answer = post(whatsapp, agent, WHATSAPP_PATH, whatsapp_form("1", PATIENT, "AC1"))
    assert [m.sender_id for m in agent.heard] == [PATIENT, PATIENT]
    assert agent.heard[1].text == "/affirm"  # the menu offered by SMS, answered on WhatsApp
    assert agent.heard[1].input_channel == "twilio_whatsapp"
    assert bodies(answer.body) == ["Is that OK?\n1. Yes\n2. No"]


def test_whatsapp_media_without_text_is_no_content_and_stop_is_ours() -> None:
    agent, contacts = FakeAgent(), FakeContacts()
    channel = make(TwilioWhatsAppInput, contacts)
    form = whatsapp_form("", PATIENT, "AC1")
    form.update(NumMedia="1", MediaContentType0="audio/ogg", MediaUrl0="https://api.twilio.com/x")
    post(channel, agent, WHATSAPP_PATH, form)
    assert agent.heard[0].text == core.NO_CONTENT_PAYLOAD
    assert agent.heard[0].metadata["num_media"] == "1"
    answer = post(channel, agent, WHATSAPP_PATH, whatsapp_form("STOP", PATIENT, "AC1"))
    assert len(agent.heard) == 1, "STOP is not conversation"
    assert contacts.calls == [
        ("opt_out", PATIENT, "sms"), ("opt_out", PATIENT, "whatsapp"),
        ("confirm", "utter_opted_out", "en", "twilio_whatsapp"),
    ]  # fmt: skip
    assert bodies(answer.body) == ["utter_opted_out in en"], "WhatsApp has no carrier reply"


def test_whatsapp_records_when_they_last_wrote_for_the_24_hour_window() -> None:
    agent = FakeAgent()
    post(make(TwilioWhatsAppInput, FakeContacts()), agent, WHATSAPP_PATH,
         whatsapp_form("hello", PATIENT, "AC1"))  # fmt: skip
    stamp = datetime.fromisoformat(agent.heard[0].metadata["last_inbound_at"])
    assert abs(datetime.now(timezone.utc) - stamp) < timedelta(minutes=1)
    tracker = new_tracker(PATIENT)
    metadata = {"last_inbound_at": stamp.isoformat()}
    tracker.update(UserUttered("hello", input_channel="twilio_whatsapp", metadata=metadata))
    assert within_session_window(tracker, stamp + timedelta(hours=23))
    assert not within_session_window(tracker, stamp + timedelta(hours=24, seconds=1))
    sms_only = new_tracker(PATIENT)
    sms_only.update(UserUttered("hello", input_channel="twilio_sms"))
    assert not within_session_window(sms_only, stamp)
    assert not within_session_window(None, stamp)


def test_a_replay_after_a_restart_gets_the_same_reply_and_no_second_turn() -> None:
    agent = FakeAgent()
    form = sms_form("hi", PATIENT, "AC1")
    first = post(make(TwilioSmsInput, FakeContacts()), agent, SMS_PATH, form)
    agent.reply_text = "Something new"
    restarted = make(TwilioSmsInput, FakeContacts())  # an empty in-process reply cache
    replay = post(restarted, agent, SMS_PATH, form)
    assert replay.body == first.body
    assert len(agent.heard) == 1
    fresh = post(restarted, agent, SMS_PATH, sms_form("hi", PATIENT, "AC1"))
    assert bodies(fresh.body) == ["Something new\n1. Yes\n2. No"]


class DeletingAgent(FakeAgent):
    """Answers like Rasa after `action_flow` erased the person: the `utter_deleted` reply."""

    async def on_new_message(self, message) -> None:
        self.heard.append(message)
        reply = "deleted" if message.text == "DELETE" else "hello"
        action = "utter_deleted" if message.text == "DELETE" else "utter_greet"
        await message.output_channel.send_response(
            message.sender_id, {"text": reply, "utter_action": action}
        )


def test_the_delete_turn_drops_the_numbers_cached_replies() -> None:
    channel, agent = make(TwilioSmsInput, FakeContacts()), DeletingAgent()
    first, delete = sms_form("hi", PATIENT, "AC1"), sms_form("DELETE", PATIENT, "AC1")
    post(channel, agent, SMS_PATH, first)
    post(channel, agent, SMS_PATH, delete)

    post(channel, agent, SMS_PATH, first)  # Twilio retries the first message after the DELETE
    again = post(channel, agent, SMS_PATH, delete)

    assert [m.text for m in agent.heard] == ["hi", "DELETE", "hi"], "its reply was forgotten"
    assert bodies(again.body) == ["deleted"], "the DELETE reply itself stays for retries"
