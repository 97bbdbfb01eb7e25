"""Needs recorded by a provider: scope-checked and audited, beside the person's own answers (never
over them), conflicts shown, the person told (scheduler claims) and their accept or reject."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag as FhirFlag
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.codes import ACCESS_NEED, SNOMED
from api.models.tables import AuditEvent
from tests.api.conftest import PHONE, assessment, bearer

POLISH_INTERPRETER = {"kind": "interpreter", "code": {"system": SNOMED, "code": "203901000000102"}}
RA = "https://fhir.nhs.uk/England/CodeSystem/RA-ConditionCode"


def _person_without_interpreter(client: TestClient, headers: dict[str, str]) -> str:
    body = assessment(interpreter={"needed": False}, answers={"impairments": ["hearing"]})
    response = client.post("/internal/assessments", json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    return response.json()["person_id"]


def _observed(client: TestClient, person_id: str, token: str) -> list[dict]:
    response = client.get(f"/v1/people/{person_id}/observed-needs", headers=bearer(token))
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _own_needs(client: TestClient, person_id: str, token: str) -> set[tuple[str, str]]:
    body = client.get(f"/v1/people/{person_id}/needs", headers=bearer(token)).json()
    return {(need["kind"], need["code"]["code"]) for need in body["needs"]}


def test_a_conflicting_need_stands_beside_the_persons_and_their_rejection_is_seen(
    client: TestClient,
    create_provider: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = _person_without_interpreter(client, service_headers)
    token, other = create_provider("A81001"), create_provider("B82002")
    posted = client.post(
        f"/v1/people/{person_id}/observed-needs", json=POLISH_INTERPRETER, headers=bearer(token)
    )
    assert posted.status_code == 201, posted.text
    need = posted.json()
    assert (need["status"], need["conflict"], need["source"]) == ("pending", True, "provider")
    assert need["value"]["code"] == "pl" and need["recorded_by"] == "A81001"
    assert need["person_said"][0]["code"] == "interpreter-not-needed"
    assert ("interpreter", "interpreter-not-needed") in _own_needs(client, person_id, token), (
        "never silently overwritten"
    )
    assert [n["conflict"] for n in _observed(client, person_id, other)] == [True], "shown to all"

    due = client.get("/internal/provider-needs/due", headers=service_headers).json()["items"]
    assert due == [{"id": need["id"], "phone": PHONE}]
    claim = f"/internal/provider-needs/{need['id']}/claim"
    assert client.post(claim, headers=service_headers).status_code == 204
    assert client.post(claim, headers=service_headers).status_code == 409
    assert client.get("/internal/provider-needs/due", headers=service_headers).json() == {
        "items": []
    }
    asking = client.get(
        "/internal/provider-needs/asking", params={"phone": PHONE}, headers=service_headers
    ).json()["need"]
    assert asking == {
        "id": need["id"], "organisation": "Practice A81001", "conflict": True,
        "interpreter_needed": True, "interpreter_language": "pl",
    }  # fmt: skip

    decided = client.post(
        f"/internal/provider-needs/{need['id']}/decision",
        json={"phone": PHONE, "accept": False, "channel": "sms"},
        headers=service_headers,
    )
    assert decided.json() == {"id": need["id"], "status": "rejected"}
    seen = _observed(client, person_id, token)
    assert [(n["status"], n["conflict"]) for n in seen] == [("rejected", True)]
    assert ("interpreter", "interpreter-not-needed") in _own_needs(client, person_id, token)
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("observed_need.%"))
    ).all()
    assert {
        "observed_need.write", "observed_need.read", "observed_need.tell", "observed_need.reject"
    } <= set(actions)  # fmt: skip
    held = client.get(
        "/internal/people/held", params={"phone": PHONE}, headers=service_headers
    ).json()
    assert held["observed"] == [
        {"organisation": "Practice A81001", "status": "rejected", "conflict": True,
         "interpreter_needed": True, "interpreter_language": "pl"},
    ]  # fmt: skip


def test_an_accepted_need_joins_the_persons_own_answer(
    client: TestClient, create_provider: Callable[..., str], service_headers: dict[str, str]
) -> None:
    person_id = _person_without_interpreter(client, service_headers)
    token = create_provider("A81001")
    body = {"kind": "impairments", "code": {"system": RA, "code": "1"}}
    need = client.post(f"/v1/people/{person_id}/observed-needs", json=body, headers=bearer(token))
    assert need.status_code == 201 and need.json()["conflict"] is True
    need_id = need.json()["id"]
    client.post(f"/internal/provider-needs/{need_id}/claim", headers=service_headers)
    stranger = client.post(
        f"/internal/provider-needs/{need_id}/decision",
        json={"phone": "+447700900456", "accept": True},
        headers=service_headers,
    )
    assert stranger.status_code == 404, "only the person it is about answers it"
    client.post(
        f"/internal/provider-needs/{need_id}/decision",
        json={"phone": PHONE, "accept": True},
        headers=service_headers,
    )
    assert {("impairments", "1"), ("impairments", "2")} <= _own_needs(client, person_id, token)
    assert [(n["status"], n["conflict"]) for n in _observed(client, person_id, token)] == [
        ("accepted", False)
    ]


def test_recording_is_scope_checked_visibility_checked_and_coded(
    client: TestClient,
    create_provider: Callable[..., str],
    service_headers: dict[str, str],
    session: Session,
) -> None:
    person_id = _person_without_interpreter(client, service_headers)
    reader = create_provider("A81001", scopes=("needs:read",))
    hidden = create_provider("C83003", shares=False)
    writer = create_provider("B82002")
    path = f"/v1/people/{person_id}/observed-needs"
    assert client.post(path, json=POLISH_INTERPRETER, headers=bearer(reader)).status_code == 403
    assert client.post(path, json=POLISH_INTERPRETER, headers=bearer(hidden)).status_code == 404
    for bad in (
        {"kind": "interpreter", "code": {"system": SNOMED, "code": "12345"}},
        {"kind": "impairments", "code": {"system": ACCESS_NEED, "code": "interpreter-not-needed"}},
        {"kind": "shoe_size", "code": {"system": RA, "code": "1"}},
    ):
        assert client.post(path, json=bad, headers=bearer(writer)).status_code == 422, bad
    assert _observed(client, person_id, writer) == []
    outcomes = session.scalars(
        select(AuditEvent.outcome).where(AuditEvent.action == "observed_need.write")
    ).all()
    assert outcomes.count("invalid") == 3 and outcomes.count("not_found") == 1


def _observed_flags(client: TestClient, person_id: str, token: str) -> list[FhirFlag]:
    response = client.get("/fhir/Flag", params={"patient": person_id}, headers=bearer(token))
    assert response.status_code == 200, response.text
    bundle = Bundle.model_validate(response.json())
    flags = [FhirFlag.model_validate(e.resource.model_dump()) for e in bundle.entry or []]
    return [f for f in flags if str(f.id).startswith("observed-")]


def test_fhir_shows_the_providers_need_its_author_answer_and_conflict(
    client: TestClient, create_provider: Callable[..., str], service_headers: dict[str, str]
) -> None:
    person_id = _person_without_interpreter(client, service_headers)
    token = create_provider("A81001")
    need = client.post(
        f"/v1/people/{person_id}/observed-needs", json=POLISH_INTERPRETER, headers=bearer(token)
    ).json()
    (pending,) = _observed_flags(client, person_id, token)
    assert pending.status == "active" and pending.author.identifier.value == "A81001"
    answers = {e.url.rsplit("/", 1)[1]: e for e in pending.extension}
    assert answers["patient-answer"].valueCode == "pending"
    assert answers["conflicts-with-patient"].valueBoolean is True
    client.post(f"/internal/provider-needs/{need['id']}/claim", headers=service_headers)
    client.post(
        f"/internal/provider-needs/{need['id']}/decision",
        json={"phone": PHONE, "accept": False},
        headers=service_headers,
    )
    (rejected,) = _observed_flags(client, person_id, token)
    assert rejected.status == "inactive"


def test_nobody_is_texted_about_a_need_once_their_consent_is_withdrawn(
    client: TestClient, create_provider: Callable[..., str], service_headers: dict[str, str]
) -> None:
    person_id = _person_without_interpreter(client, service_headers)
    token = create_provider("A81001")
    posted = client.post(
        f"/v1/people/{person_id}/observed-needs", json=POLISH_INTERPRETER, headers=bearer(token)
    )
    assert posted.status_code == 201
    due = "/internal/provider-needs/due"
    assert len(client.get(due, headers=service_headers).json()["items"]) == 1
    withdrawn = client.post(
        f"/internal/people/{person_id}/consent/withdraw", headers=service_headers
    )
    assert withdrawn.status_code == 200
    assert client.get(due, headers=service_headers).json() == {"items": []}
