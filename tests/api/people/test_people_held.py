"""MY DATA reads back what is held; DELETE erases it, and providers lose it at once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.tables import Base
from tests.api.conftest import PHONE, SERVICE_TOKEN

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def record(client: TestClient) -> str:
    body = {
        "phone": PHONE,
        "language": "pl",
        "channel": "sms",
        "consent": {"granted": True, "language": "pl"},
        "interpreter": {"needed": True, "language": "ur"},
        "answers": {"device": ["shared_device"], "adjustments": ["wheelchair", "home_visit"]},
    }
    response = client.post("/internal/assessments", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    return response.json()["person_id"]


def test_my_data_reads_back_answers_as_the_person_gave_them(client: TestClient) -> None:
    record(client)
    held = client.get("/internal/people/held", params={"phone": PHONE}, headers=AUTH).json()
    assert held["held"] is True
    assert held["language"] == "pl"
    assert held["interpreter"] == {"needed": True, "language": "ur"}
    assert held["answers"] == {
        "device": ["shared_device"],
        "adjustments": ["wheelchair", "home_visit"],
    }


def test_my_data_for_an_unknown_number_holds_nothing(client: TestClient) -> None:
    held = client.get("/internal/people/held", params={"phone": "+447700900555"}, headers=AUTH)
    assert held.json() == {
        "held": False, "language": None, "consent_version": None, "interpreter": None,
        "answers": {}, "observed": [],
    }  # fmt: skip


def test_my_data_and_delete_need_the_service_token_and_a_phone(client: TestClient) -> None:
    assert client.get("/internal/people/held", params={"phone": PHONE}).status_code == 401
    assert client.delete("/internal/people", params={"phone": PHONE}).status_code == 401
    bad = client.get("/internal/people/held", params={"phone": "not a phone"}, headers=AUTH)
    assert bad.status_code == 422


def every_stored_row(session: Session) -> str:
    """Every row of every table, as the API's own column types read it (decrypted)."""
    return "\n".join(
        repr(tuple(row))
        for table in Base.metadata.sorted_tables
        for row in session.execute(select(table)).all()
    )


def test_delete_erases_everything_personal_and_cuts_provider_access(
    client: TestClient, create_provider, session: Session
) -> None:
    person = record(client)
    provider = {"Authorization": f"Bearer {create_provider()}"}
    assert client.get(f"/v1/people/{person}/needs", headers=provider).status_code == 200
    before = every_stored_row(session)
    assert PHONE in before and "204211000000109" in before, "the dump sees what is held"

    erased = client.delete("/internal/people", params={"phone": PHONE}, headers=AUTH)
    assert erased.json() == {"erased": True}

    assert client.get(f"/v1/people/{person}/needs", headers=provider).status_code == 404
    assert client.get("/v1/people", params={"phone": PHONE}, headers=provider).json()["items"] == []
    held = client.get("/internal/people/held", params={"phone": PHONE}, headers=AUTH).json()
    assert held["held"] is False
    dump = every_stored_row(session)  # SQLite or PostgreSQL alike
    assert PHONE not in dump and "+447700900123" not in dump
    assert "204211000000109" not in dump, "no coded need survives"
    again = client.delete("/internal/people", params={"phone": PHONE}, headers=AUTH)
    assert again.json() == {"erased": False}


def test_after_delete_the_same_number_can_start_again(client: TestClient) -> None:
    record(client)
    client.delete("/internal/people", params={"phone": PHONE}, headers=AUTH)
    assert record(client)
