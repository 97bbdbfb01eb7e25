"""Reminders of bookings reach Twilio (fake, on loopback) at the right UK local time, once.

The scheduler's clock is injected: the test moves time to the day before the appointment
rather than waiting for it. The appointment is the Monday after the clocks go forward, so a
reminder at 09:00 UTC instead of 09:00 UK time would be an hour late. The scheduler queues the
reminder; the outbound worker (a process of the stack) sends it.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import aiohttp
import httpx

from bot.dev_outbox.client import OutboxClient
from bot.scheduler import Scheduler, SchedulerSettings
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.e2e.test_booking import withdraw_free_slots
from tests.support.stack import Stack

MONDAY_0930_BST = "2027-03-29T09:30:00+01:00"
SUNDAY_0859_BST = datetime(2027, 3, 28, 7, 59, tzinfo=UTC)
SUNDAY_0900_BST = datetime(2027, 3, 28, 8, 0, tzinfo=UTC)


def publish(stack: Stack, start: str, place: str) -> int:
    """The only free slot, so the offer shows it."""
    withdraw_free_slots(stack)
    body = {"service": "Physiotherapy", "place": place, "start": start, "length_minutes": 40,
            "step_free": True}  # fmt: skip
    response = httpx.post(
        stack.api_url + "/v1/slots", json=body, headers=provider.headers(stack), timeout=10
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def assessed(phone: SmsPhone) -> None:
    for message in ("hi", "1", "yes", "no"):
        reply = phone.send(message)
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    phone.send("1")


def book(phone: SmsPhone, place: str) -> None:
    offer = phone.send("BOOK")
    line = [row for row in offer.splitlines() if place in row]
    assert line, offer
    assert "You're booked" in phone.send(line[0].split(".")[0])


def remind_at(stack: Stack, now: datetime) -> int:
    """One scheduler pass of reminders with the clock at `now`: how many were queued."""
    settings = SchedulerSettings(
        api_url=stack.api_url, service_token=stack.env["FRONTDOOR_SERVICE_TOKEN"],
        rasa_url=stack.rasa_url, rasa_token=stack.env["RASA_API_TOKEN"], every_hours=168,
        poll_seconds=60,
    )  # fmt: skip

    async def run() -> int:
        async with aiohttp.ClientSession() as session:
            return await Scheduler(settings, session, clock=lambda: now).remind_once()

    return asyncio.run(run())


def booking_of(stack: Stack, phone: SmsPhone) -> int:
    """The person's one active booking."""
    answer = httpx.get(
        stack.api_url + "/internal/bookings", params={"phone": phone.number},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"}, timeout=10,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return int(answer.json()["items"][0]["id"])


def to(fake: OutboxClient, number: str) -> list[str]:
    return [m["Body"] for m in fake.sent if m.get("To") == number]


def queued_state(stack: Stack, booking: int) -> str | None:
    """The state of the booking's reminder in the outbound queue, if it was queued."""
    answer = httpx.get(
        stack.api_url + "/internal/outbound/messages", params={"key": f"reminder:{booking}"},
        headers={"Authorization": f"Bearer {stack.env['FRONTDOOR_SERVICE_TOKEN']}"}, timeout=10,
    )  # fmt: skip
    return str(answer.json()[0]["state"]) if answer.status_code == 200 else None


def arrived(fake: OutboxClient, number: str, count: int = 1, seconds: float = 15) -> list[str]:
    """The texts to the number once `count` arrived (the worker sends them soon after)."""
    deadline = time.monotonic() + seconds
    while len(to(fake, number)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return to(fake, number)


def test_a_reminder_reaches_twilio_at_9_uk_time_the_day_before_and_only_once(
    stack: Stack, phone: SmsPhone, outbox: OutboxClient
):
    publish(stack, MONDAY_0930_BST, "Reminder Road Clinic")
    assessed(phone)
    book(phone, "Reminder Road Clinic")

    assert remind_at(stack, SUNDAY_0859_BST) == 0, "08:59 UK time is before their hours"
    assert remind_at(stack, SUNDAY_0900_BST) == 1
    [reminder] = arrived(outbox, phone.number)
    assert "Reminder of your appointment" in reminder
    assert "09:30" in reminder and "Reminder Road Clinic" in reminder
    assert "MOVE BOOKING" in reminder and "CANCEL BOOKING" in reminder

    assert remind_at(stack, SUNDAY_0900_BST.replace(hour=9)) == 0
    time.sleep(1)
    assert len(to(outbox, phone.number)) == 1, "never twice"


def test_no_reminder_after_stop_and_none_later(stack: Stack, phone: SmsPhone, outbox: OutboxClient):
    publish(stack, "2027-03-29T11:00:00+01:00", "Quiet Lane Surgery")
    assessed(phone)
    book(phone, "Quiet Lane Surgery")
    assert phone.post(phone.form("STOP")).status_code == 200

    assert remind_at(stack, SUNDAY_0900_BST) == 1
    booking = booking_of(stack, phone)
    deadline = time.monotonic() + 15
    while queued_state(stack, booking) == "queued" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert queued_state(stack, booking) == "abandoned", "no channel: opted out"
    assert to(outbox, phone.number) == []
    assert phone.post(phone.form("START")).status_code == 200
    assert remind_at(stack, SUNDAY_0900_BST.replace(hour=10)) == 0
    assert to(outbox, phone.number) == [], "the skipped reminder is not sent late"
