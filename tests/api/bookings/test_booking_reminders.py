"""Reminders of bookings: due the day before in UK local time (DST-aware), in the person's
hours and language, claimed once, never twice; moved bookings are reminded of the new time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.bookings.reminders import is_due
from api.core.codes import ACCESS_NEED
from api.core.local_time import UK_ZONE as LOCAL_ZONE
from api.models.tables import Booking
from tests.api.bookings.test_bookings import add_need, book
from tests.api.bookings.test_slots import publish
from tests.api.conftest import PHONE

# 29 March 2027 is the Monday after the clocks go forward (Sunday 28 March, 01:00 UTC).
MONDAY_BST = datetime(2027, 3, 29, 9, 30, tzinfo=LOCAL_ZONE)  # 08:30 UTC
SUNDAY = datetime(2027, 3, 28, tzinfo=LOCAL_ZONE).date()


def local(day_offset: int, hour: int, minute: int = 0) -> datetime:
    """A UK local time on the day before the appointment (0) or another day, as UTC."""
    moment = datetime.combine(SUNDAY + timedelta(days=day_offset), time(hour, minute), LOCAL_ZONE)
    return moment.astimezone(UTC)


def due(client: TestClient, headers: dict[str, str], now: datetime) -> list[dict[str, Any]]:
    response = client.get(
        "/internal/reminders/due", params={"now": now.isoformat()}, headers=headers
    )
    assert response.status_code == 200, response.text
    return list(response.json())


@pytest.fixture
def provider(create_provider: Callable[..., str]) -> str:
    return create_provider(shares=False)


@pytest.fixture
def booked(
    client: TestClient, provider: str, make_person: Callable[..., str],
    session: Session, service_headers: dict[str, str],
) -> int:  # fmt: skip
    """A Polish speaker booked (weeks ahead) into Monday 09:30 after the clocks go forward."""
    make_person(interpreter="ur")
    slot = publish(client, provider, start=MONDAY_BST.isoformat())
    response = book(client, service_headers, slot["id"])
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_due_the_day_before_from_9_local_time_not_9_utc(
    client: TestClient, booked: int, service_headers: dict[str, str]
) -> None:
    assert local(0, 9).hour == 8, "Sunday 28 March 2027 is in British Summer Time"
    assert due(client, service_headers, local(0, 8, 59)) == []
    assert due(client, service_headers, local(-1, 12)) == [], "not two days before"
    [reminder] = due(client, service_headers, local(0, 9))
    assert reminder["booking_id"] == booked and reminder["phone"] == PHONE
    assert reminder["language"] == "pl" and reminder["channels"] == ["sms"]
    assert "09:30" in reminder["text"] and "Physiotherapy" in reminder["text"]
    assert "Przypomnienie" in reminder["text"], "in the person's language"
    assert due(client, service_headers, local(0, 20)) == [], "not after 20:00"


def test_claimed_once_then_never_due_again(
    client: TestClient, booked: int, service_headers: dict[str, str]
) -> None:
    claim = f"/internal/reminders/{booked}/claim"
    assert client.post(claim, headers=service_headers).status_code == 201
    assert client.post(claim, headers=service_headers).status_code == 409, "a second scheduler"
    assert due(client, service_headers, local(0, 10)) == []
    assert client.delete(claim, headers=service_headers).status_code == 204, "Twilio was down"
    assert [r["booking_id"] for r in due(client, service_headers, local(0, 10))] == [booked]

    assert client.post(claim, headers=service_headers).status_code == 201
    sent = {"outcome": "sent", "channel": "sms"}
    outcome = client.post(
        f"/internal/reminders/{booked}/outcome", json=sent, headers=service_headers
    )
    assert outcome.json()["status"] == "sent"
    assert client.delete(claim, headers=service_headers).status_code == 409, "sent stays sent"
    assert due(client, service_headers, local(0, 11)) == []
    assert client.post(claim, headers=service_headers).status_code == 409


def test_evening_person_is_reminded_in_the_evening_on_whatsapp(
    client: TestClient, booked: int, session: Session, service_headers: dict[str, str]
) -> None:
    person = session.scalar(select(Booking.person_id).where(Booking.id == booked))
    add_need(session, person, "contact", (ACCESS_NEED, "contact-time-evening"))
    add_need(session, person, "contact", (ACCESS_NEED, "contact-whatsapp"))
    assert due(client, service_headers, local(0, 10)) == []
    [reminder] = due(client, service_headers, local(0, 17, 30))
    assert reminder["channels"] == ["whatsapp", "sms"]


def test_moved_booking_is_reminded_of_the_new_time_only(
    client: TestClient, booked: int, provider: str,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    later = MONDAY_BST + timedelta(hours=3)
    slot = publish(client, provider, start=later.isoformat(), place="Room 9")
    body = {"phone": PHONE, "slot_id": slot["id"], "channel": "sms"}
    moved = client.post(f"/internal/bookings/{booked}/move", json=body, headers=service_headers)
    assert moved.status_code == 200, moved.text
    [reminder] = due(client, service_headers, local(0, 9))
    assert reminder["booking_id"] == moved.json()["id"] and "12:30" in reminder["text"]
    refused = client.post(f"/internal/reminders/{booked}/claim", headers=service_headers)
    assert refused.status_code == 409, "the old booking is no longer reminded"


def test_rules_booked_late_too_close_and_after_the_autumn_change() -> None:
    start = datetime(2026, 10, 26, 10, 0, tzinfo=LOCAL_ZONE)  # Monday, back on GMT
    weeks_ago = start - timedelta(weeks=3)
    sunday_9 = datetime(2026, 10, 25, 9, 0, tzinfo=LOCAL_ZONE)
    assert sunday_9.utcoffset() == timedelta(0)
    hours = (time(9), time(20))
    assert is_due(start=start, booked_at=weeks_ago, hours=hours, now=sunday_9)
    assert not is_due(
        start=start, booked_at=weeks_ago, hours=hours, now=sunday_9 - timedelta(minutes=1)
    )
    booked_sunday = sunday_9 - timedelta(hours=2)
    assert not is_due(start=start, booked_at=booked_sunday, hours=hours, now=sunday_9), (
        "just confirmed"
    )
    monday_9 = datetime(2026, 10, 26, 9, 0, tzinfo=LOCAL_ZONE)
    assert not is_due(start=start, booked_at=weeks_ago, hours=hours, now=monday_9), "2 h notice"
    assert is_due(start=start + timedelta(hours=2), booked_at=weeks_ago, hours=hours, now=monday_9)


def test_due_needs_the_service_token_and_an_offset(client: TestClient, service_headers) -> None:
    assert client.get("/internal/reminders/due").status_code == 401
    naive = client.get(
        "/internal/reminders/due", params={"now": "2027-03-28T09:00:00"}, headers=service_headers
    )
    assert naive.status_code == 422
    assert client.post("/internal/reminders/99/claim", headers=service_headers).status_code == 404
