"""FHIR R4: resources validate with fhir.resources, and a Bundle parses from a live response.

fhir.resources 8 (pydantic 2) ships R5 as its default package and R4B under
`fhir.resources.R4B`; R4 proper exists only in fhir.resources 6 (pydantic 1, which cannot share
this environment). Patient, Flag, Consent, Bundle and CapabilityStatement did not change between
R4 and R4B, so validating against R4B checks what an R4 client reads.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.patient import Patient
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.core.codes import ACCESS_NEED
from api.core.settings import Settings
from api.models.tables import AuditEvent, Need
from api.people.fhir_codes import FLAG_CATEGORY, PERSON_ID
from tests.api.conftest import bearer
from tests.api.live import serve

FHIR_JSON = "application/fhir+json"


def test_metadata_is_a_valid_capability_statement(client: TestClient) -> None:
    response = client.get("/fhir/metadata")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(FHIR_JSON)
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    kinds = {r.type for r in statement.rest[0].resource}
    assert kinds == {"Patient", "Flag", "Consent", "RelatedPerson"}


def test_patient_read_and_identifier_search(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()
    headers = bearer(create_provider())

    read = client.get(f"/fhir/Patient/{person_id}", headers=headers)
    search = client.get(
        "/fhir/Patient", params={"identifier": f"{PERSON_ID}|{person_id}"}, headers=headers
    )

    assert read.headers["content-type"].startswith(FHIR_JSON)
    patient = Patient.model_validate(read.json())
    assert patient.id == person_id
    assert patient.communication[0].language.coding[0].code == "pl"
    bundle = Bundle.model_validate(search.json())
    assert (bundle.type, bundle.total) == ("searchset", 1)
    assert bundle.entry[0].resource.id == person_id
    assert "+44" not in read.text


def test_one_flag_per_snomed_need_with_category_and_period(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    session.add(
        Need(
            person_id=person_id,
            kind="communication_support",
            code_system="http://snomed.info/sct",
            code="204331000000107",
            display="British Sign Language interpreter needed",
            source_channel="sms",
        )
    )
    session.add(
        Need(
            person_id=person_id,
            kind="device",
            code_system=ACCESS_NEED,
            code="device-none",
            display="Has no phone or computer",
            source_channel="sms",
        )
    )
    session.commit()
    needs = session.scalars(select(Need).where(Need.person_id == person_id)).all()

    response = client.get(
        "/fhir/Flag", params={"patient": f"Patient/{person_id}"}, headers=bearer(create_provider())
    )

    bundle = Bundle.model_validate(response.json())
    flags = [Flag.model_validate(e.resource.model_dump()) for e in bundle.entry]
    by_code = {f.code.coding[0].code: f for f in flags}
    assert set(by_code) == {"204211000000109", "204331000000107"}  # not the non-SNOMED answer
    urdu, bsl = by_code["204211000000109"], by_code["204331000000107"]
    assert urdu.category[0].coding[0].system == FLAG_CATEGORY
    assert urdu.category[0].coding[0].code == "006"
    assert bsl.category[0].coding[0].code == "002"
    assert urdu.status == "active" and urdu.subject.reference == f"Patient/{person_id}"
    recorded = next(n for n in needs if n.code == "204211000000109").recorded_at
    assert urdu.period.start.replace(tzinfo=None) == recorded.replace(tzinfo=None)


def test_consent_search(
    client: TestClient, create_provider: Callable[..., str], make_person: Callable[..., str]
) -> None:
    person_id = make_person()

    response = client.get(
        "/fhir/Consent", params={"patient": person_id}, headers=bearer(create_provider())
    )

    [entry] = Bundle.model_validate(response.json()).entry
    consent = FhirConsent.model_validate(entry.resource.model_dump())
    assert consent.status == "active"
    assert consent.patient.reference == f"Patient/{person_id}"
    assert consent.provision.purpose[0].code == "RACONSENT"


def test_hidden_person_gives_404_and_empty_bundles(
    client: TestClient,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
    session: Session,
) -> None:
    person_id = make_person()
    headers = bearer(create_provider("B82002", shares=False))

    read = client.get(f"/fhir/Patient/{person_id}", headers=headers)
    searches = [
        client.get("/fhir/Flag", params={"patient": person_id}, headers=headers),
        client.get("/fhir/Consent", params={"patient": person_id}, headers=headers),
        client.get("/fhir/Patient", params={"identifier": person_id}, headers=headers),
    ]

    assert read.status_code == 404
    assert read.headers["content-type"] == "application/problem+json"
    for response in searches:
        assert Bundle.model_validate(response.json()).total == 0
        assert person_id not in response.text.replace(response.json()["link"][0]["url"], "")
    outcomes = session.scalars(select(AuditEvent.outcome)).all()
    assert outcomes == ["not_found"] * 4


def test_a_bundle_parses_from_a_live_response(
    settings: Settings,
    database: str,
    create_provider: Callable[..., str],
    make_person: Callable[..., str],
) -> None:
    person_id = make_person()
    token = create_provider()

    with serve(create_app(settings)) as base_url:
        response = httpx.get(
            f"{base_url}/fhir/Flag",
            params={"patient": f"Patient/{person_id}"},
            headers={**bearer(token), "Accept": FHIR_JSON},
        )

    assert response.status_code == 200
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.total == 1
    assert bundle.entry[0].fullUrl.startswith(f"{base_url}/fhir/Flag/")
