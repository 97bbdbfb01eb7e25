"""The scaled topology (2 Rasa, 2 actions, 2 APIs, HAProxy, Redis, PostgreSQL) for fault tests."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from api.conversations.cipher import open_dialogue
from api.core.data_keys import keyring_from_environ
from bot.simulator import SMS_WEBHOOK_PATH, messages_in, sms_form, twilio_signature
from deploy.local import MODEL, PUBLIC_BASE_URL, ScaledStack, missing_tools, start_scaled
from tests.support import system

_numbers = itertools.count(300)


@pytest.fixture(scope="session")
def scaled() -> Iterator[ScaledStack]:
    """One scaled topology for the whole scale suite (about 25 s to start)."""
    if missing := missing_tools():
        system.missing(", ".join(missing), "redis-server haproxy postgresql")
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    # Not pytest's tmp_path: its folders are private to root, and PostgreSQL runs as `postgres`.
    workdir = Path(tempfile.mkdtemp(prefix="frontdoor-scaled-"))
    workdir.chmod(0o755)
    running = start_scaled(workdir)
    yield running
    running.stop()
    if not os.environ.get("FRONTDOOR_KEEP_SCALED"):  # set it to read the logs afterwards
        shutil.rmtree(workdir, ignore_errors=True)


class Phone:
    """Texts the topology through its load balancer, signed exactly as Twilio signs."""

    def __init__(self, stack: ScaledStack, number: str) -> None:
        self.stack = stack
        self.number = number
        self.sent_sids: list[str] = []

    def form(self, body: str) -> dict[str, str]:
        """A new inbound SMS (its own MessageSid)."""
        return sms_form(body, self.number, self.stack.env["TWILIO_ACCOUNT_SID"])

    def post(self, form: dict[str, str], base_url: str | None = None) -> httpx.Response:
        """POST a form (a first delivery or a retry) to the balancer or one instance."""
        signature = twilio_signature(
            self.stack.env["TWILIO_AUTH_TOKEN"], PUBLIC_BASE_URL + SMS_WEBHOOK_PATH, form
        )
        if form["MessageSid"] not in self.sent_sids:
            self.sent_sids.append(form["MessageSid"])
        return httpx.post(
            (base_url or self.stack.webhook_url) + SMS_WEBHOOK_PATH,
            data=form,
            headers={"X-Twilio-Signature": signature},
            timeout=30,
        )

    def send(self, body: str) -> tuple[str, str]:
        """Text `body`; the reply the phone shows and which Rasa instance answered."""
        response = self.post(self.form(body))
        assert response.status_code == 200, response.text
        return "\n\n".join(messages_in(response.text)), response.headers["x-frontdoor-instance"]


@pytest.fixture
def phone(scaled: ScaledStack) -> Phone:
    """A fresh UK mobile number (Ofcom's drama range) per test."""
    return Phone(scaled, f"+447700900{next(_numbers):03d}")


def tracker_user_messages(stack: ScaledStack, sender_id: str) -> list[str]:
    """The message ids of the person's messages in Rasa's Redis tracker store, in order (it is
    sealed under the keyed hash of the number: api/conversations/cipher.py)."""
    ring = keyring_from_environ(stack.env)
    client = redis.Redis.from_url(stack.env["REDIS_URL"], decode_responses=True)
    stored = client.get(f"tracker:{ring.sender_ref(sender_id)}")
    client.close()
    if stored is None:
        return []
    events = json.loads(open_dialogue(ring, stored))["events"]
    return [event.get("message_id") for event in events if event["event"] == "user"]


def provider_needs(stack: ScaledStack, number: str) -> list[dict]:
    """The person's coded needs as a provider reads them through the balancer."""
    headers = {"Authorization": f"Bearer {stack.env['DEV_PROVIDER_TOKEN']}"}
    found = httpx.get(
        f"{stack.api_url}/v1/people", params={"phone": number}, headers=headers, timeout=10
    )
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert len(items) == 1
    needs = httpx.get(f"{stack.api_url}/v1/people/{items[0]['id']}/needs", headers=headers)
    assert needs.status_code == 200, needs.text
    return needs.json()["needs"]
