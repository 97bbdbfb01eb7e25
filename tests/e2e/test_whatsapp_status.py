"""Twilio's status callback for a WhatsApp message we sent (to the one status URL outbound
messages carry) is recorded against WhatsApp, not SMS: a failed WhatsApp message must not mark
the person's SMS as unreachable, nor hide that WhatsApp failed."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import signed_post
from tests.support.stack import Stack

STATUS_PATH = "/webhooks/twilio_sms/status"


def _channels(stack: Stack, number: str) -> dict[str, dict]:
    answer = httpx.get(
        f"{stack.api_url}/internal/contact-preferences",
        params={"phone": number},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"},
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["channels"])


def test_a_failed_whatsapp_message_is_recorded_as_whatsapp(stack: Stack, phone_number: str):
    form = {
        "MessageSid": "SM" + "a" * 32,
        "MessageStatus": "undelivered",
        "ErrorCode": "63016",  # outside WhatsApp's 24-hour window
        "To": f"whatsapp:{phone_number}",
        "From": "whatsapp:+441234567890",
        "AccountSid": stack.env["TWILIO_ACCOUNT_SID"],
    }

    recorded = signed_post(stack, STATUS_PATH, form)

    assert recorded.status_code == 204, recorded.text
    channels = _channels(stack, phone_number)
    assert channels["whatsapp"]["last_status"] == "undelivered"
    assert channels["whatsapp"]["last_error_code"] == "63016"
    assert channels["sms"]["last_status"] is None
