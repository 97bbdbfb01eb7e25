"""Providers publish, list and withdraw slots: past and overlapping slots are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import bearer

LONDON_SUMMER = timezone(timedelta(hours=1))
# One base for the whole run, so times computed at collection and in a test line up exactly.
BASE = datetime.now(UTC).replace(second=0, microsecond=0)


def at(hours: float, tz: timezone = UTC) -> str:
    """An ISO time this many hours after the start of the run, in the given zone."""
    moment = BASE + timedelta(hours=hours)
    return moment.astimezone(tz).isoformat()


def slot_body(**overrides: Any) -> dict[str, Any]:
    """A valid slot, tomorrow, in room 1, with overrides."""
    body: dict[str, Any] = {
        "service": "Physiotherapy",
        "place": "Riverside Health Centre, room 1",
        "start": at(24),
        "length_minutes": 20,
        "step_free": False,
        "interpreter_available": [],
        "mode": "in_person",
    }
    body.update(overrides)
    return body


def publish(client: TestClient, token: str, **overrides: Any) -> dict[str, Any]:
    """Publish a slot and return its body (asserting it was accepted)."""
    response = client.post("/v1/slots", json=slot_body(**overrides), headers=bearer(token))
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_slot_is_stored_in_utc(client: TestClient, create_provider: Callable[..., str]) -> None:
    start = at(48, LONDON_SUMMER)
    created = publish(client, create_provider(), start=start, interpreter_available=["ur", "pl"])

    returned = datetime.fromisoformat(created["start"])
    assert returned.utcoffset() == timedelta(0)
    assert returned == datetime.fromisoformat(start)
    assert datetime.fromisoformat(created["end"]) - returned == timedelta(minutes=20)
    assert created["interpreter_available"] == ["pl", "ur"]
    assert (created["booked"], created["withdrawn"]) == (False, False)


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"start": at(-1)}, "past"),
        ({"start": at(24).replace("+00:00", "")}, "not valid"),
        ({"length_minutes": 0}, "not valid"),
        ({"mode": "video"}, "not valid"),
        ({"interpreter_available": ["Urdu"]}, "not valid"),
    ],
)
def test_past_and_malformed_slots_are_refused(
    client: TestClient, create_provider: Callable[..., str], overrides: dict[str, Any], detail: str
) -> None:
    response = client.post(
        "/v1/slots", json=slot_body(**overrides), headers=bearer(create_provider())
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert detail in response.json()["detail"]


@pytest.mark.parametrize(
    ("second", "refused"),
    [
        ({"start": at(24.25)}, True),  # same room, overlapping
        ({"start": at(24.25), "place": "Room 2", "clinician": "Dr A"}, True),  # same clinician
        ({"start": at(24.25), "place": "Room 2"}, False),  # another room, no clinician
        ({"start": at(24 + 20 / 60)}, False),  # back to back
        ({"start": at(24.25), "mode": "remote", "place": "Telephone"}, False),
        ({"start": at(24.25), "mode": "remote", "clinician": "Dr A"}, True),
    ],
)
def test_overlapping_slots_of_a_room_or_clinician_are_refused(
    client: TestClient, create_provider: Callable[..., str], second: dict[str, Any], refused: bool
) -> None:
    token = create_provider()
    first = publish(client, token, clinician="Dr A")

    response = client.post("/v1/slots", json=slot_body(**second), headers=bearer(token))

    assert (response.status_code == 422) is refused, response.text
    if refused:
        assert f"overlaps slot {first['id']}" in response.json()["detail"]


def test_another_organisation_may_overlap(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    publish(client, create_provider("A81001"))
    publish(client, create_provider("B82002"))


def test_slots_need_the_scope(client: TestClient, create_provider: Callable[..., str]) -> None:
    token = create_provider(scopes=("needs:read",))

    response = client.post("/v1/slots", json=slot_body(), headers=bearer(token))

    assert response.status_code == 403
    assert client.get("/v1/slots", headers=bearer(token)).status_code == 403


def test_list_and_withdraw_only_own_slots(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    mine, theirs = create_provider("A81001"), create_provider("B82002")
    kept = publish(client, mine, start=at(30))
    gone = publish(client, mine, start=at(26))
    publish(client, theirs)

    foreign = client.delete(f"/v1/slots/{gone['id']}", headers=bearer(theirs))
    withdrawn = client.delete(f"/v1/slots/{gone['id']}", headers=bearer(mine))
    listed = client.get("/v1/slots", headers=bearer(mine)).json()

    assert foreign.status_code == 404
    assert foreign.headers["content-type"] == "application/problem+json"
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn"] is True
    assert [s["id"] for s in listed] == [kept["id"]]
    # A withdrawn slot no longer blocks its room.
    publish(client, mine, start=at(26))
