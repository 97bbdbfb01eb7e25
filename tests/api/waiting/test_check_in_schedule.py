"""The check-in schedule: who is due, one claim per person per interval, released on failure."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.tables import WaitingEntry
from api.models.waiting import CheckInPrompt
from tests.api.conftest import PHONE, bearer

WAIT = {"referral": "Physiotherapy, knee", "expected_wait_weeks": 12}


def waiting_since(client, create_provider, make_person, session: Session, days: float) -> str:
    person = make_person()
    client.post(f"/v1/people/{person}/waiting", json=WAIT, headers=bearer(create_provider()))
    entry = session.scalar(select(WaitingEntry).where(WaitingEntry.person_id == person))
    entry.created_at = utcnow() - timedelta(days=days)
    session.commit()
    return person


def due(client: TestClient, headers, hours: float = 168) -> list[str]:
    response = client.get("/internal/check-ins/due", params={"every_hours": hours}, headers=headers)
    assert response.status_code == 200, response.text
    return [row["phone"] for row in response.json()]


def claim(client: TestClient, headers, hours: float = 168):
    body = {"phone": PHONE, "channel": "sms", "every_hours": hours}
    return client.post("/internal/check-in-prompts", json=body, headers=headers)


def test_someone_waiting_a_week_is_due_once(
    client, create_provider, make_person, session, service_headers
) -> None:
    waiting_since(client, create_provider, make_person, session, days=8)
    assert due(client, service_headers) == [PHONE]
    first = claim(client, service_headers)
    assert first.status_code == 201
    assert due(client, service_headers) == [], "asked: not due again for a week"
    assert claim(client, service_headers).status_code == 409, "a second scheduler is refused"


def test_not_due_before_the_interval(
    client, create_provider, make_person, session, service_headers
) -> None:
    waiting_since(client, create_provider, make_person, session, days=2)
    assert due(client, service_headers) == []
    assert due(client, service_headers, hours=24) == [PHONE]


def test_a_released_claim_is_due_again(
    client, create_provider, make_person, session, service_headers
) -> None:
    waiting_since(client, create_provider, make_person, session, days=8)
    prompt = claim(client, service_headers).json()["id"]
    released = client.delete(f"/internal/check-in-prompts/{prompt}", headers=service_headers)
    assert released.status_code == 204
    assert due(client, service_headers) == [PHONE]
    assert session.scalars(select(CheckInPrompt)).all() == []


def test_an_answer_resets_the_clock(
    client, create_provider, make_person, session, service_headers
) -> None:
    waiting_since(client, create_provider, make_person, session, days=8)
    answer = {"phone": PHONE, "answer": "same", "channel": "sms", "language": "pl"}
    assert (
        client.post("/internal/check-ins", json=answer, headers=service_headers).status_code < 300
    )
    assert due(client, service_headers) == []


def test_schedule_needs_the_service_token(client: TestClient) -> None:
    assert client.get("/internal/check-ins/due", params={"every_hours": 1}).status_code == 401
    assert client.post("/internal/check-in-prompts", json={}).status_code in (401, 422)
