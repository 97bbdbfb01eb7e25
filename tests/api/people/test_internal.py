"""POST /internal/assessments: auth, validation, consent and idempotent need records."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.codes import ACCESS_NEED, HUMAN_LANGUAGE, SNOMED
from api.models.tables import AuditEvent, Consent, Need, Person
from api.people.consent import CONSENT_VERSION
from tests.api.conftest import PHONE, assessment

URL = "/internal/assessments"


def _count(session: Session, model: type) -> int:
    """Rows in a table."""
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_records_person_consent_and_interpreter_need(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    response = client.post(URL, json=assessment(), headers=service_headers)

    assert response.status_code == 201
    person_id = response.json()["person_id"]
    person = session.get(Person, person_id)
    assert person is not None
    assert (person.phone_e164, person.language) == (PHONE, "pl")
    consent = session.scalars(select(Consent)).one()
    assert (consent.person_id, consent.version, consent.language, consent.channel) == (
        person_id,
        CONSENT_VERSION,
        "pl",
        "sms",
    )
    assert consent.granted is True
    need = session.scalars(select(Need)).one()
    assert (need.kind, need.code_system, need.code, need.display) == (
        "interpreter",
        SNOMED,
        "204211000000109",
        "Urdu language interpreter needed",
    )
    assert (need.value_system, need.value_code) == (HUMAN_LANGUAGE, "ur")
    assert need.source_channel == "sms"
    assert need.superseded_at is None
    audit = session.scalars(select(AuditEvent)).one()
    assert (audit.action, audit.person_id, audit.organisation_id, audit.outcome) == (
        "assessment.record",
        person_id,
        None,
        "ok",
    )
    assert audit.fields == ["language", "consent", "needs.interpreter"]


def test_same_answers_twice_do_not_duplicate(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    first = client.post(URL, json=assessment(), headers=service_headers)
    second = client.post(URL, json=assessment(), headers=service_headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert (_count(session, Person), _count(session, Consent), _count(session, Need)) == (1, 1, 1)


def test_new_answer_supersedes_old_one_and_keeps_history(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    client.post(URL, json=assessment(), headers=service_headers)
    changed = assessment(interpreter={"needed": False, "language": None})
    assert client.post(URL, json=changed, headers=service_headers).status_code == 201

    needs = session.scalars(select(Need).order_by(Need.id)).all()
    assert [n.code for n in needs] == ["204211000000109", "interpreter-not-needed"]
    assert needs[0].superseded_at is not None
    assert needs[1].superseded_at is None
    assert needs[1].code_system == ACCESS_NEED
    assert needs[1].value_code is None


def test_interpreter_needed_without_language_uses_generic_concept(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    body = assessment(interpreter={"needed": True, "language": None})
    assert client.post(URL, json=body, headers=service_headers).status_code == 201

    need = session.scalars(select(Need)).one()
    assert (need.code_system, need.code, need.value_code) == (SNOMED, "315594003", None)


def test_skipped_interpreter_question_records_no_need(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    response = client.post(URL, json=assessment(interpreter=None), headers=service_headers)

    assert response.status_code == 201
    assert (_count(session, Person), _count(session, Need)) == (1, 0)


def test_no_consent_stores_nothing(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    body = assessment(consent={"granted": False, "language": "pl"})
    response = client.post(URL, json=body, headers=service_headers)

    assert response.status_code == 202
    assert response.json() == {"recorded": False}
    counts = [_count(session, model) for model in (Person, Consent, Need, AuditEvent)]
    assert counts == [0, 0, 0, 0]


def test_wrong_or_missing_service_token_is_401_problem(
    client: TestClient, session: Session
) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "test-service-token"}):
        response = client.post(URL, json=assessment(), headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["status"] == 401
        assert response.headers["www-authenticate"] == "Bearer"
    assert _count(session, Person) == 0


def test_invalid_phone_is_422_problem_without_echoing_it(
    client: TestClient, service_headers: dict[str, str]
) -> None:
    response = client.post(URL, json=assessment(phone="+4477009"), headers=service_headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail"} <= problem.keys()
    assert problem["errors"][0]["loc"] == ["body", "phone"]
    assert "+4477009" not in response.text


def test_phone_is_normalised_to_e164(
    client: TestClient, service_headers: dict[str, str], session: Session
) -> None:
    response = client.post(URL, json=assessment(phone="+44 7700 900123"), headers=service_headers)

    assert response.status_code == 201
    assert session.scalars(select(Person.phone_e164)).one() == PHONE


def test_unknown_languages_are_422(client: TestClient, service_headers: dict[str, str]) -> None:
    bodies = {
        ("body", "language"): assessment(language="xx"),
        ("body", "consent", "language"): assessment(consent={"granted": True, "language": "zz"}),
        ("body", "interpreter", "language"): assessment(
            interpreter={"needed": True, "language": "qq"}
        ),
    }
    for loc, body in bodies.items():
        response = client.post(URL, json=body, headers=service_headers)
        assert response.status_code == 422, loc
        assert response.headers["content-type"] == "application/problem+json"
        assert [tuple(e["loc"]) for e in response.json()["errors"]] == [loc]
