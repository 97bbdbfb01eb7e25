"""Someone acting for someone: registered by the representative, confirmed or refused by the
person, ended by the person, and able to read the person's record only within their authority;
providers see both people in JSON and FHIR."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.relatedperson import RelatedPerson
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.representatives import Representative
from api.models.tables import AuditEvent
from api.people.fhir_codes import PROXY_ROLE
from tests.api.conftest import SERVICE_TOKEN, bearer

AUTH = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
DAUGHTER = "+447700900111"
FATHER = "+447700900222"


def register(client: TestClient, authority: str = "consent", **extra: Any) -> dict[str, Any]:
    body = {
        "phone": DAUGHTER, "person_phone": FATHER, "person_language": "ur",
        "relationship": "family", "authority": authority, "channel": "sms", **extra,
    }  # fmt: skip
    response = client.post("/internal/representatives", json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    return response.json()


def read_as_daughter(client: TestClient) -> Any:
    return client.get("/internal/representatives/held", params={"phone": DAUGHTER}, headers=AUTH)


def father_id(client: TestClient, headers: dict[str, str]) -> str:
    found = client.get("/v1/people", params={"phone": FATHER}, headers=headers).json()["items"]
    return str(found[0]["id"])


def answer(client: TestClient, confirmed: bool) -> Any:
    body = {"phone": FATHER, "confirmed": confirmed, "channel": "sms"}
    return client.post("/internal/representatives/answer", json=body, headers=AUTH)


def test_consent_waits_for_the_persons_yes_before_the_representative_may_read(
    client: TestClient,
) -> None:
    recorded = register(client)
    assert (recorded["status"], recorded["person_language"]) == ("pending", "ur")

    refused = read_as_daughter(client).json()
    assert refused == {"allowed": False, "reason": "not_confirmed", "held": None}

    confirmed = answer(client, True)
    assert confirmed.json() == {"status": "active", "language": "ur", "relationship": "family"}
    held = read_as_daughter(client).json()["held"]
    assert (held["held"], held["language"]) == (True, "ur")


def test_a_person_we_know_keeps_their_own_language(
    client: TestClient, make_person: Callable[..., str]
) -> None:
    make_person(FATHER, language="pl")
    assert register(client)["person_language"] == "pl"


def test_a_no_from_the_person_refuses_the_representative(client: TestClient) -> None:
    register(client)
    assert answer(client, False).json()["status"] == "declined"
    assert read_as_daughter(client).json()["reason"] == "declined"
    assert answer(client, True).status_code == 404  # nothing waits any more


def test_lasting_power_of_attorney_and_a_deputy_may_act_at_once(client: TestClient) -> None:
    assert register(client, "lpa_health_welfare")["status"] == "active"
    assert read_as_daughter(client).json()["allowed"] is True
    assert register(client, "court_deputy")["status"] == "active"
    assert read_as_daughter(client).json()["allowed"] is True


def test_a_best_interests_decision_gives_the_representative_nothing_to_do(
    client: TestClient,
) -> None:
    register(client, "best_interests")
    assert read_as_daughter(client).json()["reason"] == "best_interests"


def test_a_parent_acts_only_for_a_child_under_16(client: TestClient, session: Session) -> None:
    over = {
        "phone": DAUGHTER, "person_phone": FATHER, "person_language": "ur",
        "relationship": "parent", "authority": "parent_under_16", "channel": "sms",
        "child_age": 16,
    }  # fmt: skip
    assert client.post("/internal/representatives", json=over, headers=AUTH).status_code == 422
    register(client, "parent_under_16", child_age=12)
    assert read_as_daughter(client).json()["allowed"] is True

    row = session.scalars(select(Representative)).one()
    row.expires_at = utcnow() - timedelta(days=1)  # the child has turned 16 since
    session.commit()
    assert read_as_daughter(client).json()["reason"] == "child_16"


def test_the_person_ends_it(client: TestClient, session: Session) -> None:
    register(client, "lpa_health_welfare")
    ended = client.post(
        "/internal/representatives/end", json={"phone": FATHER, "channel": "sms"}, headers=AUTH
    )
    assert ended.json() == {"ended": 1, "language": "ur"}
    assert read_as_daughter(client).json()["reason"] == "ended"
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"representative.register", "representative.end", "representative.read"} <= actions


@pytest.mark.parametrize(
    "person_phone",
    ["12345", "not a number", DAUGHTER],  # not valid, or her own number
)
def test_a_bad_person_number_is_refused_clearly(client: TestClient, person_phone: str) -> None:
    body = {
        "phone": DAUGHTER, "person_phone": person_phone, "person_language": "ur",
        "relationship": "family", "authority": "consent", "channel": "sms",
    }  # fmt: skip
    response = client.post("/internal/representatives", json=body, headers=AUTH)
    assert response.status_code == 422
    assert client.post("/internal/representatives", json=body).status_code == 401


def test_providers_see_both_people_in_json_and_fhir(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    headers = bearer(create_provider())
    register(client)
    answer(client, True)
    person_id = father_id(client, headers)

    needs = client.get(f"/v1/people/{person_id}/needs", headers=headers).json()
    assert needs["language"]["code"] == "ur"
    (acting,) = needs["representatives"]
    assert acting["relationship"] == "family"
    assert acting["phone"] == DAUGHTER
    assert (acting["authority"], acting["status"]) == ("consent", "active")
    assert (acting["proxy_role"]["system"], acting["proxy_role"]["code"]) == (PROXY_ROLE, "001")

    related = Bundle.model_validate(
        client.get("/fhir/RelatedPerson", params={"patient": person_id}, headers=headers).json()
    )
    person = RelatedPerson.model_validate(related.entry[0].resource.model_dump())
    assert person.active is True
    assert person.patient.reference == f"Patient/{person_id}"
    assert person.relationship[0].coding[0].code == "FAMMEMB"
    assert person.relationship[1].coding[0].code == "001"
    consents = client.get("/fhir/Consent", params={"patient": person_id}, headers=headers).json()
    consent = FhirConsent.model_validate(consents["entry"][0]["resource"])
    (actor,) = consent.provision.actor
    assert actor.reference.reference == f"RelatedPerson/{person.id}"
    assert actor.role.coding[0].system == PROXY_ROLE


def test_the_changes_feed_tells_providers_when_someone_starts_or_stops_acting(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    headers = bearer(create_provider())
    register(client, "lpa_health_welfare")
    client.post(
        "/internal/representatives/end", json={"phone": FATHER, "channel": "sms"}, headers=AUTH
    )
    person_id = father_id(client, headers)
    events = client.get("/v1/changes", headers=headers).json()["items"]
    types = [e["type"] for e in events if e["person_id"] == person_id]
    assert types.count("needs.changed") == 2  # started, then ended


def test_consent_given_by_an_attorney_names_their_proxy_role(
    client: TestClient, create_provider: Callable[..., str]
) -> None:
    headers = bearer(create_provider())
    register(client, "lpa_health_welfare")
    person_id = father_id(client, headers)
    consents = client.get("/fhir/Consent", params={"patient": person_id}, headers=headers).json()
    policy = consents["entry"][0]["resource"]["policyRule"]["coding"][0]
    assert (policy["system"], policy["code"]) == (PROXY_ROLE, "003")
