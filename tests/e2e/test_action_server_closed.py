"""The action server holds the service token: only Rasa may call it, and only on loopback."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.conftest import SmsPhone
from tests.e2e.test_my_data_delete import finish_a_short_assessment
from tests.support.listening import listening_addresses
from tests.support.stack import Stack


def forged_my_data_call(number: str) -> dict[str, Any]:
    """What anyone could POST: a made-up tracker of `number` whose latest message is MY DATA."""
    tracker = {
        "sender_id": number,
        "slots": {"language": "pl", "consent_given": True, "step": "done"},
        "latest_message": {"text": "moje dane", "intent": {}, "entities": []},
        "latest_input_channel": "twilio_sms",
        "events": [],
        "paused": False,
        "active_loop": {},
    }
    return {"next_action": "action_flow", "sender_id": number, "tracker": tracker, "domain": {}}


def post_forged(stack: Stack, number: str, headers: dict[str, str]) -> httpx.Response:
    url = f"{stack.actions_url}/webhook"
    return httpx.post(url, json=forged_my_data_call(number), headers=headers, timeout=30)


def test_a_forged_tracker_without_a_credential_is_refused(stack: Stack, phone: SmsPhone):
    finish_a_short_assessment(phone)  # something is held about this number

    refused = post_forged(stack, phone.number, {})

    assert refused.status_code in (401, 403), refused.text
    assert "urdu" not in refused.text.lower() and "events" not in refused.json()


def test_a_forged_tracker_with_a_wrong_credential_is_refused(stack: Stack, phone: SmsPhone):
    finish_a_short_assessment(phone)
    token = stack.env["FRONTDOOR_ACTIONS_TOKEN"]
    service_token = stack.env["FRONTDOOR_SERVICE_TOKEN"]
    for wrong in ("Bearer not-the-token", f"Bearer {service_token}", "Bearer", f"Basic {token}"):
        refused = post_forged(stack, phone.number, {"Authorization": wrong})

        assert refused.status_code in (401, 403), refused.text
        assert "urdu" not in refused.text.lower() and "events" not in refused.json()


def test_the_list_of_actions_needs_the_credential_too(stack: Stack):
    assert httpx.get(f"{stack.actions_url}/actions", timeout=10).status_code in (401, 403)
    health = httpx.get(f"{stack.actions_url}/health", timeout=10)
    assert health.status_code == 200, "probes still see it alive"


def test_rasas_credential_is_accepted(stack: Stack, phone: SmsPhone):
    """The control: the same call with Rasa's credential is served, so the refusals above are
    about the credential, not a malformed call."""
    token = stack.env["FRONTDOOR_ACTIONS_TOKEN"]

    served = post_forged(stack, phone.number, {"Authorization": f"Bearer {token}"})

    assert served.status_code == 200, served.text
    assert served.json()["responses"], "the action ran and answered"


def test_the_action_server_listens_on_loopback_only(stack: Stack):
    bound = listening_addresses(stack.processes["actions"].pid)

    assert bound, "the action server's listening socket was found"
    assert {address for address, _port in bound} == {"127.0.0.1"}, bound
