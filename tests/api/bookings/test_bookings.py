"""Offering slots that fit a person's needs; booking, moving and cancelling (internal API)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.bookings.matching import BSL, EXTENDED, MOBILITY, WHEELCHAIR
from api.models.tables import Booking, ChangeEvent, Need
from tests.api.bookings.test_slots import at, publish
from tests.api.conftest import PHONE, bearer

OTHER = "+447700900456"


def add_need(session: Session, person_id: str, kind: str, system_code: tuple[str, str]) -> None:
    """Record one current need directly."""
    system, code = system_code
    session.add(
        Need(
            person_id=person_id, kind=kind, code_system=system, code=code, display=code,
            source_channel="sms",
        )
    )  # fmt: skip
    session.commit()


def offer(client: TestClient, headers: dict[str, str], phone: str = PHONE, **params: Any) -> Any:
    """The offer body for a number."""
    response = client.get(
        "/internal/slots/offer", params={"phone": phone, **params}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def book(client: TestClient, headers: dict[str, str], slot_id: int, phone: str = PHONE) -> Any:
    """POST a booking."""
    body = {"phone": phone, "slot_id": slot_id, "channel": "sms"}
    return client.post("/internal/bookings", json=body, headers=headers)


@pytest.fixture
def provider(create_provider: Callable[..., str]) -> str:
    """A provider that does not receive consented needs: it sees people only through bookings."""
    return create_provider("A81001", shares=False)


def test_offers_fit_mobility_and_extended_appointment_needs(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person(interpreter="ur")
    add_need(session, person_id, "adjustments", WHEELCHAIR)
    add_need(session, person_id, "adjustments", EXTENDED)
    short = publish(client, provider, start=at(24), step_free=True, length_minutes=15)
    steps = publish(client, provider, start=at(25), step_free=False, length_minutes=30)
    fits = publish(client, provider, start=at(27), step_free=True, length_minutes=30)
    with_urdu = publish(
        client, provider, start=at(28), step_free=True, length_minutes=40,
        interpreter_available=["ur"],
    )  # fmt: skip

    body = offer(client, service_headers, limit=5)

    ids = [item["slot"]["id"] for item in body["items"]]
    assert short["id"] not in ids and steps["id"] not in ids
    assert ids == [with_urdu["id"], fits["id"]], "an interpreter already there ranks first"
    assert [i["interpreter_to_book"] for i in body["items"]] == [[], ["ur"]]
    assert body["requirements"] == {"step_free": True, "min_minutes": 30, "interpreters": ["ur"]}
    assert body["items"][0]["slot"]["organisation"] == "Practice A81001"


def test_mobility_impairment_and_bsl_needs(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person(interpreter="pl")
    add_need(session, person_id, "impairments", MOBILITY)
    add_need(session, person_id, "communication_support", BSL)
    publish(client, provider, start=at(24), step_free=False)
    step_free = publish(client, provider, start=at(25), step_free=True)

    body = offer(client, service_headers)

    assert [i["slot"]["id"] for i in body["items"]] == [step_free["id"]]
    assert body["items"][0]["interpreter_to_book"] == ["bfi", "pl"]


def test_booked_withdrawn_and_other_service_slots_are_not_offered(
    client: TestClient, provider: str, make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    make_person()
    make_person(OTHER)
    taken = publish(client, provider, start=at(24))
    withdrawn = publish(client, provider, start=at(25))
    free = publish(client, provider, start=at(26))
    publish(client, provider, start=at(27), service="Podiatry")
    assert book(client, service_headers, taken["id"], OTHER).status_code == 201
    client.delete(f"/v1/slots/{withdrawn['id']}", headers=bearer(provider))

    body = offer(client, service_headers, service="physiotherapy", limit=9)

    assert [i["slot"]["id"] for i in body["items"]] == [free["id"]]


def test_book_then_a_second_person_gets_a_clear_409(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person()
    make_person(OTHER)
    slot = publish(client, provider)

    first = book(client, service_headers, slot["id"])
    again = book(client, service_headers, slot["id"])
    second = book(client, service_headers, slot["id"], OTHER)

    assert first.status_code == 201 and first.json()["created"] is True
    assert first.json()["interpreter_to_book"] == ["ur"]
    local, utc = (datetime.fromisoformat(first.json()["slot"][k]) for k in ("start_local", "start"))
    assert local == utc and local.utcoffset() in (timedelta(0), timedelta(hours=1))
    assert again.json()["id"] == first.json()["id"] and again.json()["created"] is False
    assert second.status_code == 409
    assert second.headers["content-type"] == "application/problem+json"
    assert "just booked" in second.json()["detail"]
    events = session.scalars(select(ChangeEvent.type).where(ChangeEvent.person_id == person_id))
    assert list(events).count("booking.created") == 1


def test_booking_errors(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person()
    add_need(session, person_id, "adjustments", WHEELCHAIR)
    stairs = publish(client, provider, step_free=False)

    unknown_person = book(client, service_headers, stairs["id"], OTHER)
    unknown_slot = book(client, service_headers, 999)
    unsuitable = book(client, service_headers, stairs["id"])
    no_token = client.post("/internal/bookings", json={}, headers=bearer(provider))

    assert [r.status_code for r in (unknown_person, unknown_slot, unsuitable, no_token)] == [
        404, 404, 422, 401,
    ]  # fmt: skip
    assert "does not fit" in unsuitable.json()["detail"]


def test_move_and_cancel(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    person_id = make_person()
    make_person(OTHER)
    first, second, third = (publish(client, provider, start=at(h)) for h in (24, 25, 26))
    booking = book(client, service_headers, first["id"]).json()
    book(client, service_headers, third["id"], OTHER)
    move_to = f"/internal/bookings/{booking['id']}/move"

    def move_to_slot(phone: str, slot_id: int) -> Any:
        body = {"phone": phone, "slot_id": slot_id, "channel": "voice"}
        return client.post(move_to, json=body, headers=service_headers)

    taken = move_to_slot(PHONE, third["id"])
    stranger = move_to_slot(OTHER, second["id"])
    moved = move_to_slot(PHONE, second["id"])

    assert taken.status_code == 409 and stranger.status_code == 404
    assert moved.status_code == 200, moved.text
    assert (moved.json()["slot"]["id"], moved.json()["moved_from_id"]) == (
        second["id"],
        booking["id"],
    )
    listed = client.get("/internal/bookings", params={"phone": PHONE}, headers=service_headers)
    assert [b["id"] for b in listed.json()["items"]] == [moved.json()["id"]]
    assert first["id"] in [
        i["slot"]["id"] for i in offer(client, service_headers, limit=9)["items"]
    ]

    cancel = f"/internal/bookings/{moved.json()['id']}/cancel"
    cancelled = client.post(cancel, json={"phone": PHONE}, headers=service_headers)
    repeated = client.post(cancel, json={"phone": PHONE}, headers=service_headers)
    old = client.post(f"/internal/bookings/{booking['id']}/cancel", json={"phone": PHONE},
                      headers=service_headers)  # fmt: skip

    assert cancelled.json()["status"] == repeated.json()["status"] == "cancelled"
    assert old.status_code == 409
    assert client.get("/internal/bookings", params={"phone": PHONE},
                      headers=service_headers).json()["items"] == []  # fmt: skip
    events = session.scalars(
        select(ChangeEvent.type).where(ChangeEvent.person_id == person_id).order_by(ChangeEvent.id)
    ).all()
    assert [e for e in events if e.startswith("booking")] == [
        "booking.created", "booking.moved", "booking.cancelled",
    ]  # fmt: skip
    statuses = session.scalars(select(Booking.status).where(Booking.person_id == person_id))
    assert sorted(statuses) == ["cancelled", "moved"]


def test_erasure_cancels_bookings_and_frees_the_slot(
    client: TestClient, provider: str, make_person: Callable[..., str], session: Session,
    service_headers: dict[str, str],
) -> None:  # fmt: skip
    make_person()
    make_person(OTHER)
    slot = publish(client, provider)
    assert book(client, service_headers, slot["id"]).status_code == 201

    erased = client.delete("/internal/people", params={"phone": PHONE}, headers=service_headers)

    assert erased.json() == {"erased": True}
    assert book(client, service_headers, slot["id"], OTHER).status_code == 201
