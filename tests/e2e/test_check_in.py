"""Support while waiting: the scheduler asks how they are by SMS; "worse" reaches the provider."""

from __future__ import annotations

import sqlite3
import time

import httpx

from bot.dev_outbox.client import OutboxClient
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def assessed_person(stack: Stack, phone: SmsPhone) -> str:
    for message in ("hi", "1", "yes", "no"):
        reply = phone.send(message)
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    phone.send("1")
    return provider.person_id(stack, phone.number)


def messages_to(fake: OutboxClient, number: str) -> list[str]:
    return [m["Body"] for m in fake.sent if m.get("To") == number]


def changes_seen_by_provider(stack: Stack) -> set[tuple[str, str]]:
    """Every (type, person) in the provider's changes feed, following its cursor to the end."""
    seen: set[tuple[str, str]] = set()
    params: dict[str, str] = {"limit": "100"}
    for _ in range(100):
        page = httpx.get(
            stack.api_url + "/v1/changes", params=params, headers=provider.headers(stack)
        )
        items = page.json()["items"]
        seen |= {(item["type"], item["person_id"]) for item in items}
        if not items:
            return seen
        params["cursor"] = page.json()["next_cursor"]
    return seen


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_a_week_of_waiting_brings_a_check_in_and_worse_alerts_the_provider(
    stack: Stack, phone: SmsPhone, outbox: OutboxClient
):
    person = assessed_person(stack, phone)
    waiting = {"referral": "Physiotherapy, knee", "expected_wait_weeks": 12}
    marked = httpx.post(
        f"{stack.api_url}/v1/people/{person}/waiting", json=waiting, headers=provider.headers(stack)
    )
    assert marked.status_code in (200, 201), marked.text

    stack.kill("scheduler")  # the schedule must not live in the scheduler process
    with sqlite3.connect(stack.workdir / "frontdoor.db") as db:  # a week passes
        db.execute(
            "UPDATE waiting_entries SET created_at = datetime('now', '-8 days') "
            "WHERE person_id = ?",
            (person,),
        )
    time.sleep(1.5)
    assert messages_to(outbox, phone.number) == [], "nobody asks while the scheduler is down"
    stack.restart("scheduler")

    assert wait_for(lambda: messages_to(outbox, phone.number)), "no check-in was sent"
    asked = messages_to(outbox, phone.number)[0]
    assert "How are you while you wait?" in asked and "2. Worse" in asked

    reply = phone.send("2")
    assert "We have let the service that is caring for you know" in reply
    assert "NHS 111" in reply and "999" in reply

    assert ("wellbeing.worse", person) in changes_seen_by_provider(stack)
    time.sleep(2.5)
    assert len(messages_to(outbox, phone.number)) == 1, "asked once, not on every poll"
