"""Slower speech on calls, kept for the number through the bot's API."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.retention.policy import RetentionPolicy
from api.retention.service import run_retention

PHONE = "+447700900124"
PATH = "/internal/call-preferences"


def slower(client: TestClient, headers: dict[str, str], phone: str = PHONE) -> bool:
    response = client.get(PATH, params={"phone": phone}, headers=headers)
    assert response.status_code == 200, response.text
    return bool(response.json()["slower_speech"])


def test_slower_speech_is_kept_for_the_number(client: TestClient, service_headers) -> None:
    assert slower(client, service_headers) is False
    put = client.put(
        PATH, json={"phone": "+44 7700 900124", "slower_speech": True}, headers=service_headers
    )
    assert put.status_code == 200, put.text
    assert slower(client, service_headers) is True
    assert slower(client, service_headers, "+447700900999") is False
    back = client.put(PATH, json={"phone": PHONE, "slower_speech": False}, headers=service_headers)
    assert back.status_code == 200
    assert slower(client, service_headers) is False


def test_bad_input_is_a_clear_error_and_the_service_token_is_required(
    client: TestClient, service_headers
) -> None:
    assert (
        client.get(PATH, params={"phone": "not a number"}, headers=service_headers).status_code
        == 422
    )
    bad = client.put(PATH, json={"phone": PHONE, "slower_speech": "maybe"}, headers=service_headers)
    assert bad.status_code == 422
    assert client.get(PATH, params={"phone": PHONE}).status_code == 401


def test_retention_forgets_the_choice_of_a_number_no_person_holds(
    client: TestClient, session: Session, service_headers
) -> None:
    client.put(PATH, json={"phone": PHONE, "slower_speech": True}, headers=service_headers)
    run_retention(session=session, policy=RetentionPolicy(), now=utcnow() + timedelta(days=5))
    assert slower(client, service_headers) is True
    run_retention(session=session, policy=RetentionPolicy(), now=utcnow() + timedelta(days=31))
    assert slower(client, service_headers) is False
