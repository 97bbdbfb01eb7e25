"""Outbound messages through twilio's REST client against the development outbox on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from bot.dev_outbox.server import OutboxServer
from bot.internal_api.preferences import ApiPreferences
from bot.outbound import (
    OptedOut,
    Outbound,
    OutboundRefused,
    OutboundSettings,
    OutsideWhatsAppWindow,
    PreferencesUnavailable,
)

PATIENT = "+447700900123"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


@dataclass
class FakePreferences:
    """Opt-outs held in memory."""

    opted: set[tuple[str, str]] = field(default_factory=set)
    undelivered: set[tuple[str, str]] = field(default_factory=set)

    def opted_out(self, phone: str, channel: str) -> bool:
        return (phone, channel) in self.opted

    def reachable(self, phone: str, channel: str) -> bool:
        return (phone, channel) not in self.opted | self.undelivered

    def record_opt_out(self, phone: str, channel: str) -> None:
        self.opted.add((phone, channel))


@pytest.fixture
def twilio() -> Iterator[OutboxServer]:
    fake = OutboxServer("AC" + "1" * 32, "secret-token").start()
    yield fake
    fake.stop()


def outbound_for(twilio: OutboxServer, preferences: FakePreferences) -> Outbound:
    settings = OutboundSettings(
        account_sid=twilio.account_sid,
        auth_token=twilio.auth_token,
        sms_from="+447700900000",
        whatsapp_from="whatsapp:+447700900000",
        api_base_url=twilio.base_url,
        status_callback="https://frontdoor.example/webhooks/twilio_sms/status",
    )
    return Outbound(settings, preferences)


def test_sms_is_sent_through_the_configured_base_url(twilio: OutboxServer) -> None:
    sids = outbound_for(twilio, FakePreferences()).send_sms(
        "07700 900123", "Your visit is at 10:00."
    )
    assert len(sids) == 1 and sids[0].startswith("SM")
    assert twilio.sent == [
        {
            "To": PATIENT,
            "From": "+447700900000",
            "Body": "Your visit is at 10:00.",
            "StatusCallback": "https://frontdoor.example/webhooks/twilio_sms/status",
        }
    ]


def test_opted_out_number_is_never_sent_to(twilio: OutboxServer) -> None:
    outbound = outbound_for(twilio, FakePreferences({(PATIENT, "sms")}))
    with pytest.raises(OptedOut):
        outbound.send_sms(PATIENT, "Reminder")
    assert twilio.sent == []
    with pytest.raises(OptedOut):  # STOP on one channel: nothing we start on any channel
        outbound.send_whatsapp(PATIENT, "Reminder", NOW - timedelta(hours=1), NOW)
    assert twilio.sent == []


def test_twilio_refusing_an_unsubscribed_number_records_the_opt_out(twilio: OutboxServer) -> None:
    twilio.unsubscribed.add(PATIENT)
    preferences = FakePreferences()
    with pytest.raises(OptedOut):
        outbound_for(twilio, preferences).send_sms(PATIENT, "Reminder")
    assert preferences.opted == {(PATIENT, "sms")}


def test_whatsapp_free_text_only_inside_the_24_hour_window(twilio: OutboxServer) -> None:
    outbound = outbound_for(twilio, FakePreferences())
    outbound.send_whatsapp(PATIENT, "Hello again", NOW - timedelta(hours=23), NOW)
    assert (
        twilio.sent[-1]["To"] == f"whatsapp:{PATIENT}" and twilio.sent[-1]["Body"] == "Hello again"
    )
    with pytest.raises(OutsideWhatsAppWindow):
        outbound.send_whatsapp(PATIENT, "Hello again", NOW - timedelta(hours=25), NOW)
    with pytest.raises(OutsideWhatsAppWindow):
        outbound.send_whatsapp(PATIENT, "Hello again", None, NOW)
    template = ("HX" + "0" * 32, {"1": "10:00"})
    outbound.send_whatsapp(PATIENT, "ignored", NOW - timedelta(days=3), NOW, template)
    sent = twilio.sent[-1]
    assert sent["ContentSid"] == template[0] and json.loads(sent["ContentVariables"]) == {
        "1": "10:00"
    }
    assert "Body" not in sent


def test_a_long_sms_is_sent_in_pieces_split_between_words(twilio: OutboxServer) -> None:
    text = " ".join(["appointment"] * 200)  # 2,399 characters
    outbound_for(twilio, FakePreferences()).send_sms(PATIENT, text)
    assert len(twilio.sent) == 2
    assert " ".join(m["Body"] for m in twilio.sent).split() == text.split()


def test_preferences_unreachable_means_nothing_is_sent(twilio: OutboxServer) -> None:
    preferences = ApiPreferences("http://127.0.0.1:9", "token", timeout_seconds=0.5)
    outbound = Outbound(outbound_for(twilio, FakePreferences()).settings, preferences)
    with pytest.raises(PreferencesUnavailable):
        outbound.send_sms(PATIENT, "Reminder")
    assert twilio.sent == []


def test_twilio_refuses_wrong_credentials(twilio: OutboxServer) -> None:
    settings = outbound_for(twilio, FakePreferences()).settings
    wrong = OutboundSettings(**{**settings.__dict__, "auth_token": "wrong"})
    from twilio.base.exceptions import TwilioRestException

    with pytest.raises(TwilioRestException) as refused:
        Outbound(wrong, FakePreferences()).send_sms(PATIENT, "x")
    assert refused.value.code == 20003
    assert twilio.sent == []


def test_preferred_channel_is_used_first(twilio: OutboxServer) -> None:
    outbound = outbound_for(twilio, FakePreferences())
    channel, sids = outbound.send_preferred(PATIENT, "Saved.", ("sms", "whatsapp"))
    assert channel == "sms" and len(sids) == 1
    assert twilio.sent[-1]["To"] == PATIENT


def test_after_an_undelivered_sms_the_next_preferred_channel_is_tried(twilio: OutboxServer) -> None:
    outbound = outbound_for(twilio, FakePreferences(undelivered={(PATIENT, "sms")}))
    last_wrote = NOW - timedelta(hours=2)
    channel, _ = outbound.send_preferred(
        PATIENT, "Saved.", ("voice", "sms", "whatsapp"), last_wrote, NOW
    )
    assert channel == "whatsapp"
    assert [m["To"] for m in twilio.sent] == [f"whatsapp:{PATIENT}"]


def test_no_channel_that_can_reach_them_means_nothing_is_sent(twilio: OutboxServer) -> None:
    outbound = outbound_for(
        twilio, FakePreferences(opted={(PATIENT, "sms")}, undelivered={(PATIENT, "whatsapp")})
    )
    with pytest.raises(OutboundRefused):
        outbound.send_preferred(PATIENT, "Saved.", ("sms", "whatsapp"))
    stale = outbound_for(twilio, FakePreferences(opted={(PATIENT, "sms")}))
    with pytest.raises(OutboundRefused):  # WhatsApp window closed and no template
        stale.send_preferred(PATIENT, "Saved.", ("sms", "whatsapp"), NOW - timedelta(days=2), NOW)
    assert twilio.sent == []


@dataclass
class FakeQueue:
    """The outbound queue's answers, and what was queued."""

    answer: dict[str, object]
    queued: list[dict[str, object]] = field(default_factory=list)

    def send(self, message: dict[str, object]) -> dict[str, object]:
        self.queued.append(message)
        return self.answer


def test_from_the_environment_texts_go_through_the_queue_first_in_line(
    twilio: OutboxServer,
) -> None:
    queue = FakeQueue({"state": "sent", "sid": "SM" + "1" * 32})
    outbound = Outbound(outbound_for(twilio, FakePreferences()).settings, FakePreferences(), queue)

    assert outbound.send_sms("07700 900123", "Your code is 123456.", "code") == ["SM" + "1" * 32]
    assert twilio.sent == [], "the worker sends it, not this process"
    [message] = queue.queued
    assert message == {
        "purpose": "code", "phone": PATIENT, "language": "und", "channels": ["sms"],
        "body": "Your code is 123456.", "priority": 9,
    }  # fmt: skip


def test_through_the_queue_opt_outs_and_refusals_are_reported(twilio: OutboxServer) -> None:
    settings = outbound_for(twilio, FakePreferences()).settings
    opted = FakeQueue({"state": "sent", "sid": "SM1"})
    with pytest.raises(OptedOut):  # the one opt-out check, before anything is queued
        Outbound(settings, FakePreferences({(PATIENT, "sms")}), opted).send_sms(PATIENT, "Hi")
    assert opted.queued == []
    unsubscribed = FakeQueue({"state": "failed", "error_code": "21610"})
    with pytest.raises(OptedOut):
        Outbound(settings, FakePreferences(), unsubscribed).send_sms(PATIENT, "Hi")
    refused = FakeQueue({"state": "failed", "error_code": "21614"})
    with pytest.raises(OutboundRefused):
        Outbound(settings, FakePreferences(), refused).send_sms(PATIENT, "Hi")
    slow = FakeQueue({"state": "queued", "sid": None})
    assert Outbound(settings, FakePreferences(), slow).send_sms(PATIENT, "Hi") == []
