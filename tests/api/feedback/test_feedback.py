"""I-statement feedback: the statements, and answers stored per language, channel and context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.feedback.service import STATEMENTS
from api.models.tables import FeedbackAnswer
from tests.api.conftest import PHONE, bearer


def answer(**overrides: Any) -> dict[str, Any]:
    """A valid answer body, with overrides."""
    body = {
        "phone": PHONE,
        "statement_id": "own_language",
        "answer": "partly",
        "language": "pl",
        "channel": "voice",
        "context": "assessment",
    }
    body.update(overrides)
    return body


def test_statements_are_listed_by_context(
    client: TestClient, service_headers: dict[str, str]
) -> None:
    every = client.get("/internal/feedback/statements", headers=service_headers).json()
    after_assessment = client.get(
        "/internal/feedback/statements", params={"context": "assessment"}, headers=service_headers
    ).json()

    assert [s["id"] for s in every] == [s.id for s in STATEMENTS]
    assert "respect" not in [s["id"] for s in after_assessment]
    assert every[0]["text"] == "I was listened to." and "National Voices" in every[0]["source"]
    assert len({s.id for s in STATEMENTS}) == len(STATEMENTS)


def test_answers_are_stored_with_language_channel_and_context(
    client: TestClient, make_person: Callable[..., str], service_headers: dict[str, str],
    session: Session,
) -> None:  # fmt: skip
    person_id = make_person()

    stored = client.post("/internal/feedback", json=answer(), headers=service_headers)
    anonymous = client.post(
        "/internal/feedback", json=answer(phone=None, answer="no"), headers=service_headers
    )
    foreign_booking = client.post(
        "/internal/feedback", json=answer(booking_id=77), headers=service_headers
    )

    assert [r.status_code for r in (stored, anonymous, foreign_booking)] == [201, 201, 201]
    rows = session.scalars(select(FeedbackAnswer).order_by(FeedbackAnswer.id)).all()
    assert [
        (r.person_id, r.answer, r.language, r.channel, r.context, r.booking_id) for r in rows
    ] == [
        (person_id, "partly", "pl", "voice", "assessment", None),
        (None, "no", "pl", "voice", "assessment", None),
        (person_id, "partly", "pl", "voice", "assessment", None),
    ]


def test_bad_answers_are_refused(client: TestClient, service_headers: dict[str, str]) -> None:
    unknown = client.post(
        "/internal/feedback", json=answer(statement_id="nope"), headers=service_headers
    )
    bad_value = client.post(
        "/internal/feedback", json=answer(answer="maybe"), headers=service_headers
    )
    no_token = client.post("/internal/feedback", json=answer(), headers=bearer("wrong-token"))

    assert [r.status_code for r in (unknown, bad_value, no_token)] == [422, 422, 401]
    assert unknown.json()["detail"] == "No such statement."
