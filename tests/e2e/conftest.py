"""A real running Front Door for the end-to-end tests, started once per test session."""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator

import httpx
import pytest

from api.core.data_keys import keyring_from_environ
from bot.dev_outbox.client import OutboxClient
from bot.dev_outbox.settings import PLACEHOLDER_ACCOUNT_SID
from bot.simulator import SMS_WEBHOOK_PATH, sms_form, twilio_signature
from tests.support.stack import MODEL, PUBLIC_BASE_URL, Stack, free_port, start_stack

_numbers = itertools.count(100)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """As a newcomer runs it: development, the placeholder Twilio account, the outbox process."""
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    running = start_stack(
        tmp_path_factory.mktemp("stack"),
        services=("outbox", "api", "actions", "rasa", "scheduler", "outbound"),
        extra_env={
            "FRONTDOOR_ENV": "development",
            "TWILIO_ACCOUNT_SID": PLACEHOLDER_ACCOUNT_SID,
            # Were the outbox not used, messages would fail here, never reach api.twilio.com.
            "TWILIO_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
            "OUTBOUND_POLL_SECONDS": "0.2",
            "OUTBOUND_RATES": "sms=20",
        },
    )
    yield running
    running.stop()


@pytest.fixture(scope="session")
def outbox(stack: Stack) -> OutboxClient:
    """What Front Door sent by itself (codes, check-ins, reminders), read from its outbox."""
    return OutboxClient(stack.outbox_url, PLACEHOLDER_ACCOUNT_SID, stack.auth_token)


@pytest.fixture(scope="session")
def fake_twilio(outbox: OutboxClient) -> OutboxClient:
    """The outbox under the name tests written before it use (`.sent`, `.base_url`)."""
    return outbox


@pytest.fixture
def phone_number() -> str:
    """A fresh UK mobile number (Ofcom's drama range) for each test's patient."""
    return f"+447700900{next(_numbers):03d}"


class SmsPhone:
    """Sends SMS webhooks to the running stack exactly as Twilio would."""

    def __init__(self, stack: Stack, number: str) -> None:
        self.stack = stack
        self.number = number

    def form(self, body: str, **overrides: str) -> dict[str, str]:
        fields = sms_form(body, self.number, self.stack.env["TWILIO_ACCOUNT_SID"])
        return {**fields, **overrides}

    def post(self, form: dict[str, str], signature: str | None = "sign") -> httpx.Response:
        headers = {}
        if signature == "sign":
            public_url = PUBLIC_BASE_URL + SMS_WEBHOOK_PATH
            headers["X-Twilio-Signature"] = twilio_signature(
                self.stack.auth_token, public_url, form
            )
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return httpx.post(
            self.stack.rasa_url + SMS_WEBHOOK_PATH, data=form, headers=headers, timeout=30
        )

    def send(self, body: str) -> str:
        """Text `body` and return the reply the phone shows (all messages of the turn)."""
        from bot.simulator import messages_in

        response = self.post(self.form(body))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        return "\n\n".join(messages_in(response.text))


@pytest.fixture
def phone(stack: Stack, phone_number: str) -> SmsPhone:
    return SmsPhone(stack, phone_number)


def latest_code(outbox: OutboxClient, number: str) -> str:
    """The six-digit code in the last text Front Door sent to the number."""
    match = re.search(r"\b(\d{6})\b", outbox.texts_to(number)[-1])
    assert match, "the last text to the number holds a six-digit code"
    return match.group(1)


def erase_by_sms(phone: SmsPhone, outbox: OutboxClient) -> str:
    """DELETE, "Yes, delete it", then the code texted to the number: the last reply."""
    phone.send("DELETE")
    phone.send("1")
    return phone.send(latest_code(outbox, phone.number))


def user_turns_recorded(stack: Stack, sender_id: str) -> int:
    """How many user messages Rasa's tracker store holds for this sender (under its keyed hash,
    or in clear as it was stored before conversations were encrypted)."""
    if not stack.tracker_db.exists():
        return 0
    names = [sender_id, *keyring_from_environ(stack.env).sender_refs(sender_id)]
    marks = ", ".join("?" for _ in names)
    with sqlite3.connect(stack.tracker_db) as connection:
        (count,) = connection.execute(
            f"SELECT count(*) FROM events WHERE sender_id IN ({marks}) AND type_name = 'user'",
            names,
        ).fetchone()
    return int(count)


@pytest.fixture
def caller(stack: Stack, phone_number: str):
    """A phone call from a fresh number to the running stack, signed as Twilio signs."""
    from bot.simulator import Call

    return Call(
        stack.rasa_url, PUBLIC_BASE_URL, stack.auth_token, stack.env["TWILIO_ACCOUNT_SID"],
        phone_number,
    )  # fmt: skip


def signed_post(
    stack: Stack, path: str, form: dict[str, str], query: str = "", signature: str | None = "sign"
) -> httpx.Response:
    """POST a form to a channel of the running stack, signed for its public URL."""
    suffix = f"?{query}" if query else ""
    headers = {}
    if signature == "sign":
        signature = twilio_signature(stack.auth_token, PUBLIC_BASE_URL + path + suffix, form)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return httpx.post(stack.rasa_url + path + suffix, data=form, headers=headers, timeout=30)
