"""NHS numbers: Modulus 11, attached by a provider that may see the person, shown, searched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.providers import SCOPES
from api.models.people import PersonNhsNumber
from api.models.tables import AuditEvent
from api.people.nhs_number import InvalidNhsNumberError, check_digit, normalise_nhs_number
from tests.api.conftest import bearer

NHS = "9434765919"  # NHS England's published example number
SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
PHONE_B = "+447700900456"


def _put(client: TestClient, person_id: str, token: str, number: str = NHS) -> Any:
    return client.put(
        f"/v1/people/{person_id}/nhs-number", json={"nhs_number": number}, headers=bearer(token)
    )


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", "4010232137"])
def test_valid_numbers(text: str) -> None:
    assert normalise_nhs_number(text) == text.replace(" ", "").replace("-", "")


@pytest.mark.parametrize(
    "text",
    ["9434765918", "943476591", "94347659190", "943476591x", "", "٩٤٣٤٧٦٥٩١٩", "1000000010"],
)
def test_invalid_numbers(text: str) -> None:
    with pytest.raises(InvalidNhsNumberError):
        normalise_nhs_number(text)


def test_a_remainder_of_ten_means_no_number_has_those_nine_digits() -> None:
    # 1*10 + 0*9 ... + 1*2 = 12; 11 - 12 % 11 = 10: no valid check digit exists.
    assert check_digit("100000001") is None
    assert check_digit("943476591") == 9


def test_attach_show_and_search_within_what_the_provider_may_see(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    own = create_provider("A81001", shares=True)
    other = create_provider("B82002", shares=False)

    put = _put(client, person_id, own, "943 476 5919")
    needs = client.get(f"/v1/people/{person_id}/needs", headers=bearer(own)).json()
    found = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(own)).json()
    fhir = client.get(
        "/fhir/Patient", params={"identifier": f"{SYSTEM}|{NHS}"}, headers=bearer(own)
    )
    read = client.get(f"/fhir/Patient/{person_id}", headers=bearer(own)).json()

    assert put.status_code == 200
    assert put.json() == {"person_id": person_id, "nhs_number": NHS}
    assert needs["nhs_number"] == NHS
    assert found == {"items": [{"id": person_id, "nhs_number": NHS}]}
    [entry] = Bundle.model_validate(fhir.json()).entry
    for resource in (entry.resource.model_dump(), read):
        patient = Patient.model_validate(resource)
        identifiers = {i.system: i.value for i in patient.identifier}
        assert identifiers[SYSTEM] == NHS and patient.id == person_id

    hidden_search = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(other))
    hidden_fhir = client.get(
        "/fhir/Patient", params={"identifier": f"{SYSTEM}|{NHS}"}, headers=bearer(other)
    )
    hidden_put = _put(client, person_id, other)
    assert hidden_search.json() == {"items": []}
    assert Bundle.model_validate(hidden_fhir.json()).total == 0
    assert person_id not in hidden_fhir.text
    assert hidden_put.status_code == 404
    assert hidden_put.headers["content-type"] == "application/problem+json"
    assert NHS not in hidden_put.text
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.outcome, AuditEvent.organisation_id).where(
            AuditEvent.action.in_(["nhs_number.write", "people.search", "fhir.patient.search"])
        )
    ).all()
    assert [(a, o) for a, o, _ in rows] == [
        ("nhs_number.write", "ok"),
        ("people.search", "found"),
        ("fhir.patient.search", "found"),
        ("people.search", "not_found"),
        ("fhir.patient.search", "not_found"),
        ("nhs_number.write", "not_found"),
    ]


def test_an_unknown_number_finds_nobody_and_says_nothing(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    make_person()
    token = create_provider()

    search = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(token))

    assert search.status_code == 200 and search.json() == {"items": []}


def test_a_wrong_check_digit_is_a_clear_400_and_changes_nothing(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
) -> None:
    person_id = make_person()
    token = create_provider()

    put = _put(client, person_id, token, "9434765918")
    search = client.get("/v1/people", params={"nhs_number": "9434765918"}, headers=bearer(token))
    fhir = client.get(
        "/fhir/Patient", params={"identifier": f"{SYSTEM}|9434765918"}, headers=bearer(token)
    )
    short = _put(client, person_id, token, "12345")

    for response in (put, search, fhir):
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert "check digit" in response.json()["detail"]
    assert short.status_code == 400 and "10 digits" in short.json()["detail"]
    needs = client.get(f"/v1/people/{person_id}/needs", headers=bearer(token)).json()
    assert needs["nhs_number"] is None


def test_attaching_needs_the_identifiers_scope_and_replaces_the_number(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    reader = create_provider("A81001", token="reader", scopes=("needs:read",))
    writer = create_provider("A81001", token="writer", scopes=tuple(SCOPES))

    assert _put(client, person_id, reader).status_code == 403
    assert _put(client, person_id, writer).status_code == 200
    assert _put(client, person_id, writer, "4010232137").status_code == 200

    by_old = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(reader))
    by_new = client.get("/v1/people", params={"nhs_number": "4010232137"}, headers=bearer(reader))
    assert by_old.json() == {"items": []}
    assert [p["id"] for p in by_new.json()["items"]] == [person_id]
    feed = client.get("/v1/changes", headers=bearer(writer)).json()["items"]
    assert [e["type"] for e in feed].count("needs.changed") == 3  # the need, then two numbers


def test_two_people_with_one_number_are_each_found_only_where_visible(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
) -> None:
    first = make_person()
    second = make_person(PHONE_B)
    token = create_provider()
    _put(client, first, token)
    _put(client, second, token)

    both = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(token)).json()
    client.post(f"/internal/people/{second}/consent/withdraw", headers=service_headers)
    one = client.get("/v1/people", params={"nhs_number": NHS}, headers=bearer(token)).json()

    assert sorted(p["id"] for p in both["items"]) == sorted([first, second])
    assert [p["id"] for p in one["items"]] == [first]


def test_erasing_the_person_erases_the_number(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = make_person()
    token = create_provider()
    _put(client, person_id, token)

    erased = client.delete(
        "/internal/people", params={"phone": "+447700900123"}, headers=service_headers
    )

    assert erased.status_code == 200
    assert session.scalars(select(PersonNhsNumber)).all() == []
