"""STOP and START by SMS are recorded through the API and get no reply of ours."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest

from bot.simulator import messages_in
from tests.e2e.conftest import SmsPhone, signed_post, user_turns_recorded
from tests.support.stack import Stack

STATUS_PATH = "/webhooks/twilio_sms/status"


def sms_state(stack: Stack, number: str) -> dict:
    response = httpx.get(
        stack.api_url + "/internal/contact-preferences",
        params={"phone": number},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()["channels"]["sms"]


def test_stop_is_recorded_without_a_reply_and_start_undoes_it(stack: Stack, phone: SmsPhone):
    phone.send("hi")
    stop = phone.post(phone.form("STOP"))
    assert stop.status_code == 200 and messages_in(stop.text) == []
    assert sms_state(stack, phone.number)["opted_out"] is True
    assert user_turns_recorded(stack, phone.number) == 1
    start = phone.post(phone.form("start"))
    assert start.status_code == 200 and messages_in(start.text) == []
    assert sms_state(stack, phone.number)["reachable"] is True


def test_a_long_reply_never_arrives_cut_mid_word(stack: Stack, phone: SmsPhone):
    reply = phone.post(phone.form("hello"))
    for body in messages_in(reply.text):
        assert len(body) <= 1600
        assert body == body.strip()


def test_outbound_refuses_a_number_that_sent_stop(stack: Stack, phone: SmsPhone):
    from bot.dev_outbox.server import OutboxServer
    from bot.internal_api.preferences import ApiPreferences
    from bot.outbound import OptedOut, Outbound, OutboundSettings

    twilio = OutboxServer(stack.env["TWILIO_ACCOUNT_SID"], stack.auth_token).start()
    try:
        settings = OutboundSettings(
            twilio.account_sid, twilio.auth_token, "+447700900000", "whatsapp:+447700900000",
            twilio.base_url, None,
        )  # fmt: skip
        preferences = ApiPreferences(stack.api_url, stack.env["FRONTDOOR_SERVICE_TOKEN"])
        outbound = Outbound(settings, preferences)
        outbound.send_sms(phone.number, "Your answers are saved.")
        assert phone.post(phone.form("STOP")).status_code == 200
        with pytest.raises(OptedOut):
            outbound.send_sms(phone.number, "A reminder")
        assert [m["Body"] for m in twilio.sent] == ["Your answers are saved."]
    finally:
        twilio.stop()


def test_status_callback_is_recorded_and_marks_sms_unreachable(stack: Stack, phone: SmsPhone):
    form = {
        "AccountSid": stack.env["TWILIO_ACCOUNT_SID"], "ApiVersion": "2010-04-01",
        "MessageSid": "SM" + "4" * 32, "SmsSid": "SM" + "4" * 32, "MessageStatus": "undelivered",
        "SmsStatus": "undelivered", "ErrorCode": "30003", "From": "+447700900000",
        "To": phone.number,
    }  # fmt: skip
    assert signed_post(stack, STATUS_PATH, form, signature="Zm9yZ2Vk").status_code == 403
    assert signed_post(stack, STATUS_PATH, form).status_code == 204
    state = sms_state(stack, phone.number)
    assert (state["last_status"], state["last_error_code"]) == ("undelivered", "30003")
    assert state["reachable"] is False and state["opted_out"] is False

    # The effect: the next message goes by the person's next preferred channel.
    from bot.dev_outbox.server import OutboxServer
    from bot.internal_api.preferences import ApiPreferences
    from bot.outbound import Outbound, OutboundSettings

    twilio = OutboxServer(stack.env["TWILIO_ACCOUNT_SID"], stack.auth_token).start()
    try:
        settings = OutboundSettings(
            twilio.account_sid, twilio.auth_token, "+447700900000", "whatsapp:+447700900000",
            twilio.base_url, None,
        )  # fmt: skip
        outbound = Outbound(
            settings, ApiPreferences(stack.api_url, stack.env["FRONTDOOR_SERVICE_TOKEN"])
        )
        now = datetime.now(timezone.utc)
        channel, _ = outbound.send_preferred(
            phone.number, "Reminder", ("sms", "whatsapp"), now - timedelta(hours=1), now
        )
        assert channel == "whatsapp"
        assert [m["To"] for m in twilio.sent] == [f"whatsapp:{phone.number}"]
    finally:
        twilio.stop()
