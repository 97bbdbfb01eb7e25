"""A booking carries the person's needs to the provider: /v1/bookings, changes feed, webhook."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.changes.webhook_delivery import deliver_due, fan_out
from api.core.db import utcnow
from tests.api.bookings.test_bookings import book
from tests.api.bookings.test_slots import publish
from tests.api.changes.test_webhooks import Receiver, receiver_factory  # noqa: F401 - fixture
from tests.api.conftest import PHONE, bearer

__all__ = ["receiver_factory"]


def _feed(client: TestClient, token: str) -> list[str]:
    """The change types the organisation sees in the feed."""
    return [
        item["type"] for item in client.get("/v1/changes", headers=bearer(token)).json()["items"]
    ]


def test_booking_grants_the_booking_organisation_sight_of_the_needs(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    booking_org = create_provider("A81001", shares=False)
    other = create_provider("B82002", shares=False)
    person_id = make_person()
    slot = publish(client, booking_org)
    assert (
        client.get(f"/v1/people/{person_id}/needs", headers=bearer(booking_org)).status_code == 404
    )

    booking = book(client, service_headers, slot["id"]).json()
    listed = client.get("/v1/bookings", headers=bearer(booking_org)).json()

    assert [(b["id"], b["person_id"], b["language"]) for b in listed] == [
        (booking["id"], person_id, "pl")
    ]
    assert [n["value"]["display"] for n in listed[0]["needs"]] == ["Urdu"]
    assert listed[0]["interpreter_to_book"] == ["ur"]
    assert (
        client.get(f"/v1/people/{person_id}/needs", headers=bearer(booking_org)).status_code == 200
    )
    assert client.get("/v1/bookings", headers=bearer(other)).json() == []
    assert client.get(f"/v1/people/{person_id}/needs", headers=bearer(other)).status_code == 404
    assert _feed(client, booking_org) == ["consent.granted", "needs.changed", "booking.created"]
    assert _feed(client, other) == []

    client.post(
        f"/internal/bookings/{booking['id']}/cancel", json={"phone": PHONE}, headers=service_headers
    )

    assert (
        client.get(f"/v1/people/{person_id}/needs", headers=bearer(booking_org)).status_code == 404
    )
    assert _feed(client, booking_org) == ["booking.created", "booking.cancelled"]
    # `after` with an offset is compared in UTC: an hour after the start in +01:00 is the start.
    start = datetime.fromisoformat(slot["start"])
    same_instant = (start.astimezone(timezone(timedelta(hours=1)))).isoformat()
    later = (start + timedelta(minutes=1)).isoformat()
    for after, expected in ((same_instant, 1), (later, 0)):
        listed = client.get("/v1/bookings", params={"after": after, "status": "all"},
                            headers=bearer(booking_org))  # fmt: skip
        assert len(listed.json()) == expected
    cancelled = client.get(
        "/v1/bookings", params={"status": "cancelled"}, headers=bearer(booking_org)
    )
    assert [b["status"] for b in cancelled.json()] == ["cancelled"]


def test_booking_events_are_addressed_to_the_booking_organisation_only(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    booking_org = create_provider("A81001", shares=True)
    sharing_other = create_provider("B82002", shares=True)
    make_person()
    book(client, service_headers, publish(client, booking_org)["id"])

    assert "booking.created" in _feed(client, booking_org)
    assert "booking.created" not in _feed(client, sharing_other)
    assert "needs.changed" in _feed(client, sharing_other)


def test_withdrawn_consent_hides_needs_but_tells_the_booking_organisation_to_forget(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    booking_org = create_provider("A81001", shares=False)
    person_id = make_person()
    book(client, service_headers, publish(client, booking_org)["id"])

    client.post(f"/internal/people/{person_id}/consent/withdraw", headers=service_headers)

    listed = client.get("/v1/bookings", headers=bearer(booking_org)).json()
    assert (listed[0]["needs"], listed[0]["language"]) == (None, None)
    assert "Urdu" not in str(listed) and PHONE not in str(listed)
    assert _feed(client, booking_org)[-1] == "consent.withdrawn"


def test_booking_webhook_reaches_a_loopback_receiver(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str],
    service_headers: dict[str, str], session: Session,
    receiver_factory: Callable[[int], tuple[Receiver, str]],  # noqa: F811
) -> None:  # fmt: skip
    receiver, url = receiver_factory(0)
    booking_org = create_provider("A81001", shares=False)
    client.post("/v1/subscriptions", json={"url": url}, headers=bearer(booking_org))
    person_id = make_person()

    book(client, service_headers, publish(client, booking_org)["id"])
    fan_out(session)
    with httpx.Client() as http:
        deliver_due(session, http, now=utcnow(), development=True)

    bodies = [body for _headers, body in receiver.requests]
    assert b'"booking.created"' in bodies[-1]
    assert all(person_id.encode() in body and b"+44" not in body for body in bodies)
