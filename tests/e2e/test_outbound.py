"""Messages Front Door starts go through the outbound queue and its worker, to Twilio (faked on
loopback, tests/support/fake_twilio.py): WhatsApp templates outside the 24-hour window, the
fallback to SMS and to a call, and a landline marked unreachable for the provider to see.

The real API, Rasa (for Twilio's signed status callbacks) and `python -m api.outbound.worker`
run as processes; the scheduler's reminder pass runs here with its clock moved to the day before.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar
from xml.etree import ElementTree

import aiohttp
import httpx
import pytest

from bot.scheduler import Scheduler, SchedulerSettings
from bot.simulator import twilio_signature
from tests.e2e import provider
from tests.e2e.conftest import signed_post
from tests.support.fake_twilio import FakeTwilio
from tests.support.stack import MODEL, PUBLIC_BASE_URL, Stack, start_stack

SUNDAY_0900_BST = datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
STATUS_PATH = "/webhooks/twilio_sms/status"
_numbers = itertools.count(1)
T = TypeVar("T")


@pytest.fixture(scope="module")
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture(scope="module")
def front_door(tmp_path_factory: pytest.TempPathFactory, twilio: FakeTwilio) -> Iterator[Stack]:
    """API and Rasa with Twilio's REST and Content APIs at the fake; the outbound worker."""
    if not MODEL.exists():
        pytest.fail("No trained model at models/current.tar.gz: run `make test`, which trains it.")
    stack = start_stack(
        tmp_path_factory.mktemp("outbound"),
        services=("api", "rasa", "outbound"),
        extra_env={
            "TWILIO_ACCOUNT_SID": twilio.account_sid,
            "TWILIO_AUTH_TOKEN": twilio.auth_token,
            "TWILIO_API_BASE_URL": twilio.base_url,
            "TWILIO_CONTENT_API_BASE_URL": twilio.base_url,
            "OUTBOUND_RATES": "sms=20,whatsapp=20,voice=20",
            "OUTBOUND_POLL_SECONDS": "0.2",
        },
    )
    yield stack
    stack.stop()


def number() -> str:
    """A fresh UK mobile number from Ofcom's drama range."""
    return f"+447700901{next(_numbers):03d}"


def internal(stack: Stack, method: str, path: str, **kwargs: Any) -> httpx.Response:
    token = stack.env["FRONTDOOR_SERVICE_TOKEN"]
    return httpx.request(method, stack.api_url + path, timeout=10,
                         headers={"Authorization": f"Bearer {token}"}, **kwargs)  # fmt: skip


def booked_person(stack: Stack, phone: str, language: str, channel: str) -> tuple[str, int]:
    """Someone assessed (contact by `channel`) with a booking the day after SUNDAY_0900_BST."""
    answers = {"contact_method": [channel]}
    body = {"phone": phone, "language": language, "channel": channel, "answers": answers,
            "consent": {"granted": True, "language": language}}  # fmt: skip
    recorded = internal(stack, "POST", "/internal/assessments", json=body)
    assert recorded.status_code == 201, recorded.text
    place = f"Queue Street Clinic, room {phone[-3:]}"  # one slot per place and time
    slot = {"service": "Physiotherapy", "place": place, "length_minutes": 40,
            "start": "2027-03-29T09:30:00+01:00", "step_free": True}  # fmt: skip
    published = httpx.post(stack.api_url + "/v1/slots", json=slot,
                           headers=provider.headers(stack), timeout=10)  # fmt: skip
    assert published.status_code == 201, published.text
    booking = {"phone": phone, "slot_id": published.json()["id"], "channel": channel}
    booked = internal(stack, "POST", "/internal/bookings", json=booking)
    assert booked.status_code == 201, booked.text
    return recorded.json()["person_id"], int(booked.json()["id"])


def remind(stack: Stack) -> int:
    """One scheduler pass of reminders with its clock at 09:00 UK time the day before."""
    settings = SchedulerSettings(
        api_url=stack.api_url, service_token=stack.env["FRONTDOOR_SERVICE_TOKEN"],
        rasa_url=stack.rasa_url, rasa_token=stack.env["RASA_API_TOKEN"], every_hours=168,
        poll_seconds=60,
    )  # fmt: skip

    async def run() -> int:
        async with aiohttp.ClientSession() as session:
            scheduler = Scheduler(settings, session, clock=lambda: SUNDAY_0900_BST)
            return await scheduler.remind_once()

    return asyncio.run(run())


def eventually(probe: Callable[[], T], seconds: float = 20.0) -> T:
    """The probe's first truthy answer, polling; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = probe()
        if answer:
            return answer
        time.sleep(0.1)
    pytest.fail(f"nothing after {seconds} s")


def set_template(stack: Stack, twilio: FakeTwilio, language: str, status: str) -> str:
    """The reminder template in `language`, with WhatsApp's `status`, synchronised now."""
    twilio.templates[:] = [t for t in twilio.templates if t["language"] != language]
    sid = twilio.add_template("frontdoor_reminder", language, status)
    synced = internal(stack, "POST", "/internal/outbound/templates/sync")
    assert synced.status_code == 200, synced.text
    return sid


def chain(stack: Stack, booking: int) -> list[dict[str, Any]]:
    """The reminder's message and its fallbacks, as the queue holds them."""
    answer = internal(
        stack, "GET", "/internal/outbound/messages", params={"key": f"reminder:{booking}"}
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def status_callback(stack: Stack, sid: str, to: str, status: str, code: str | None) -> None:
    """Twilio's signed status callback for a message we sent."""
    form = {"MessageSid": sid, "MessageStatus": status, "To": to, "From": "+447700900000",
            "AccountSid": stack.env["TWILIO_ACCOUNT_SID"]}  # fmt: skip
    if code:
        form["ErrorCode"] = code
    assert signed_post(stack, STATUS_PATH, form).status_code == 204


def changes_feed(stack: Stack) -> list[tuple[str, str]]:
    """(type, person id) of every event the development provider's changes feed shows."""
    events: list[tuple[str, str]] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = provider.get(stack, "/v1/changes", **params)
        assert page.status_code == 200, page.text
        if not page.json()["items"]:
            return events
        events += [(e["type"], e["person_id"]) for e in page.json()["items"]]
        params["cursor"] = page.json()["next_cursor"]


def test_a_whatsapp_users_reminder_outside_the_window_goes_as_the_approved_polish_template(
    front_door: Stack, twilio: FakeTwilio
):
    sid = set_template(front_door, twilio, "pl", "approved")
    phone = number()
    booked_person(front_door, phone, "pl", "whatsapp")

    assert remind(front_door) >= 1
    [sent] = eventually(lambda: twilio.to(phone))

    assert sent["To"] == f"whatsapp:{phone}" and sent["From"].startswith("whatsapp:")
    assert sent["ContentSid"] == sid and "Body" not in sent
    variables = json.loads(sent["ContentVariables"])
    assert variables["1"].startswith("Przypomnienie o Twojej wizycie: Physiotherapy")
    assert "Queue Street Clinic" in variables["1"]


def test_with_the_template_unapproved_the_reminder_goes_by_sms(
    front_door: Stack, twilio: FakeTwilio
):
    set_template(front_door, twilio, "pl", "pending")
    phone = number()
    _person, booking = booked_person(front_door, phone, "pl", "whatsapp")

    assert remind(front_door) >= 1
    [sent] = eventually(lambda: twilio.to(phone))

    assert sent["To"] == phone and sent["From"] == "+447700900000"
    assert sent["Body"].startswith("Przypomnienie o Twojej wizycie")
    [message] = eventually(lambda: [m for m in chain(front_door, booking) if m["state"] == "sent"])
    # Billed as Twilio bills the text actually sent: Polish letters make it UCS-2, 67 UTF-16 code
    # units a segment once it is longer than one (70).
    units = len(sent["Body"].encode("utf-16-le")) // 2
    assert units > 70 and any(letter in sent["Body"] for letter in "ąćęłńóśźż")
    billed = ("sms", "UCS-2", -(-units // 67))
    assert (message["channel"], message["encoding"], message["segments"]) == billed


def test_an_undelivered_sms_becomes_a_call_in_english_with_an_interpreter_offer_in_somali(
    front_door: Stack, twilio: FakeTwilio
):
    phone = number()
    _person, booking = booked_person(front_door, phone, "so", "sms")
    assert remind(front_door) >= 1
    eventually(lambda: twilio.to(phone))
    [sms] = [m for m in twilio.messages if m.form["To"] == phone]
    assert sms.form["Body"].startswith("Xusuusin ballantaada")

    status_callback(front_door, sms.sid, phone, "undelivered", "30003")

    [call] = eventually(lambda: twilio.calls_to(phone))
    twiml = call["Twiml"]
    assert 'voice="Polly.Amy"' in twiml and 'language="en-GB"' in twiml
    assert "Reminder of your appointment: Physiotherapy" in twiml
    assert "An interpreter to call me back: press 1." in twiml  # a label, as every phone menu
    assert "Press star to hear this again." in twiml and "<Gather" in twiml
    messages = chain(front_door, booking)
    assert [(m["channel"], m["state"]) for m in messages] == [("sms", "failed"), ("voice", "sent")]
    time.sleep(1.0)
    assert len(twilio.calls_to(phone)) == 1, "once"

    keys = f"/outbound/calls/{messages[1]['id']}/keys"
    assert f'action="{PUBLIC_BASE_URL}{keys}"' in twiml
    assert press(front_door, keys, "*", signed=False).status_code == 403
    again = press(front_door, keys, "*")
    assert again.status_code == 200 and "Reminder of your appointment: Physiotherapy" in again.text
    interpreter = press(front_door, keys, "1")
    said = [say.text for say in ElementTree.fromstring(interpreter.text).iter("Say")]
    assert said[0] == "Thank you. A person will call you soon." and "<Hangup" in interpreter.text
    assert said[1].startswith("Latest day for the call: ")
    assert "Interpreter on the call: Somali" in said, "each line its own <Say>"
    queued = httpx.get(front_door.api_url + "/v1/callbacks", headers=provider.headers(front_door))
    assert queued.status_code == 200, queued.text
    assert any(c.get("interpreter_language") == "so" for c in queued.json())


def press(stack: Stack, path: str, key: str, signed: bool = True) -> httpx.Response:
    """A key pressed during our call, posted as Twilio posts it (to the API, signed)."""
    form = {
        "CallSid": "CA" + "b" * 32,
        "Digits": key,
        "AccountSid": stack.env["TWILIO_ACCOUNT_SID"],
    }
    signature = twilio_signature(stack.auth_token, PUBLIC_BASE_URL + path, form) if signed else "x"
    return httpx.post(stack.api_url + path, data=form, timeout=10,
                      headers={"X-Twilio-Signature": signature})  # fmt: skip


def test_a_landline_is_marked_unreachable_and_the_provider_sees_it(
    front_door: Stack, twilio: FakeTwilio
):
    landline = "+441632960" + f"{next(_numbers):03d}"
    twilio.refuse(landline, 21614)  # "'To' number is not a valid mobile number"
    person, booking = booked_person(front_door, landline, "en", "sms")

    assert remind(front_door) >= 1
    eventually(lambda: chain(front_door, booking)[0]["state"] == "failed")

    assert chain(front_door, booking)[0]["error_code"] == "21614"
    assert ("contact.unreachable", person) in changes_feed(front_door)
    remind(front_door)
    assert twilio.to(landline) == [], "never retried by SMS"
