"""Provider API: who may see whom, problem+json errors, and an audit row for every read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.db import utcnow
from api.core.settings import Settings
from api.models.tables import AuditEvent, Consent, Organisation, ProviderClient
from api.people.consent import CONSENT_VERSION
from tests.api.conftest import PHONE


@pytest.fixture
def person_id(make_person: Callable[..., str]) -> str:
    """A person who consented, speaks Polish and needs an Urdu interpreter."""
    return make_person()


def _bearer(token: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {token}"}


def _audit(session: Session) -> list[tuple[str | None, str, str, str, str | None]]:
    """(ODS code, action, purpose, outcome, person id) of every audit event of provider reads."""
    rows = session.execute(
        select(
            Organisation.ods_code,
            AuditEvent.action,
            AuditEvent.purpose,
            AuditEvent.outcome,
            AuditEvent.person_id,
        )
        .join(Organisation, AuditEvent.organisation_id == Organisation.id)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_own_organisation_reads_needs_with_snomed_code(
    client: TestClient, create_provider: Callable[..., str], person_id: str, session: Session
) -> None:
    token = create_provider("A81001", shares=True)

    response = client.get(f"/v1/people/{person_id}/needs", headers=_bearer(token))

    assert response.status_code == 200
    body = response.json()
    assert body["person_id"] == person_id
    assert body["language"] == {"code": "pl", "display": "Polish"}
    assert body["consent"]["version"] == CONSENT_VERSION
    assert body["consent"]["language"] == "pl"
    [need] = body["needs"]
    assert need["kind"] == "interpreter"
    assert need["code"] == {
        "system": "http://snomed.info/sct",
        "code": "204211000000109",
        "display": "Urdu language interpreter needed",
    }
    assert need["value"] == {
        "system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage",
        "code": "ur",
        "display": "Urdu",
    }
    assert need["source_channel"] == "sms"
    assert need["recorded_at"].endswith("Z") or need["recorded_at"].endswith("+00:00")
    assert _audit(session) == [("A81001", "needs.read", "direct care", "ok", person_id)]


def test_search_by_phone_finds_visible_person(
    client: TestClient, create_provider: Callable[..., str], person_id: str, session: Session
) -> None:
    token = create_provider("A81001", shares=True)

    response = client.get("/v1/people", params={"phone": PHONE}, headers=_bearer(token))

    assert response.status_code == 200
    assert response.json() == {"items": [{"id": person_id, "nhs_number": None}]}
    assert _audit(session) == [("A81001", "people.search", "direct care", "found", person_id)]


def test_organisation_without_sharing_gets_404_and_empty_search(
    client: TestClient, create_provider: Callable[..., str], person_id: str, session: Session
) -> None:
    token = create_provider("B82002", shares=False)

    needs = client.get(f"/v1/people/{person_id}/needs", headers=_bearer(token))
    search = client.get("/v1/people", params={"phone": PHONE}, headers=_bearer(token))

    assert needs.status_code == 404
    assert needs.headers["content-type"] == "application/problem+json"
    assert needs.json()["title"] == "Not Found"
    assert needs.json()["status"] == 404
    assert search.status_code == 200
    assert search.json() == {"items": []}
    assert _audit(session) == [
        ("B82002", "needs.read", "direct care", "not_found", person_id),
        ("B82002", "people.search", "direct care", "not_found", person_id),
    ]


def test_unknown_person_is_the_same_404(
    client: TestClient, create_provider: Callable[..., str], session: Session
) -> None:
    token = create_provider("A81001", shares=True)

    response = client.get("/v1/people/no-such-person/needs", headers=_bearer(token))

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert _audit(session) == [("A81001", "needs.read", "direct care", "not_found", None)]


def test_withdrawn_consent_hides_the_person(
    client: TestClient, create_provider: Callable[..., str], person_id: str, session: Session
) -> None:
    token = create_provider("A81001", shares=True)
    for consent in session.scalars(select(Consent)):
        consent.withdrawn_at = utcnow()
    session.commit()

    response = client.get(f"/v1/people/{person_id}/needs", headers=_bearer(token))

    assert response.status_code == 404


def test_missing_wrong_and_revoked_tokens_are_401_problems(
    client: TestClient, create_provider: Callable[..., str], person_id: str, session: Session
) -> None:
    token = create_provider("A81001", shares=True)
    for client_row in session.scalars(select(ProviderClient)):
        client_row.revoked_at = utcnow()
    session.commit()

    for headers in ({}, _bearer("wrong-token"), _bearer(token), {"Authorization": "Basic x"}):
        response = client.get(f"/v1/people/{person_id}/needs", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == "Unauthorized"
    assert _audit(session) == []


def test_invalid_phone_search_is_422_and_audited(
    client: TestClient, create_provider: Callable[..., str], session: Session
) -> None:
    token = create_provider("A81001", shares=True)

    response = client.get("/v1/people", params={"phone": "12"}, headers=_bearer(token))

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert _audit(session) == [("A81001", "people.search", "direct care", "invalid", None)]


def test_unknown_route_is_404_problem(client: TestClient) -> None:
    response = client.get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_unexpected_error_is_500_problem(settings: Settings, database: str) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("+447700900123 must not leak")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Internal Server Error"
    assert "+447700900123" not in response.text
