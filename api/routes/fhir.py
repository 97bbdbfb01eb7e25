"""FHIR R4 read API: metadata, Patient, Flag and Consent (audited, consent-scoped)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api.access import NOT_FOUND, audit_read, may_see, person_for_read
from api.codes import SNOMED
from api.db import utcnow
from api.deps import LanguagesDep, NeedsReader, SessionDep
from api.fhir_codes import PERSON_ID
from api.fhir_resources import capability_statement, consent, flag, patient, searchset
from api.models import Person
from api.records import current_consent, current_needs
from api.routes.people import AUTH_ERRORS

FHIR_MEDIA_TYPE = "application/fhir+json"
router = APIRouter(prefix="/fhir", tags=["fhir"])
_FHIR_OK: dict[int | str, dict[str, Any]] = {
    200: {"content": {FHIR_MEDIA_TYPE: {"schema": {"type": "object"}}}}
}
PatientParam = Annotated[
    str, Query(max_length=120, description="`Patient/<id>` or `<id>`", examples=["Patient/0b7c"])
]


class FhirResponse(JSONResponse):
    """A FHIR JSON response."""

    media_type = FHIR_MEDIA_TYPE


def _base(request: Request) -> str:
    """The FHIR base URL of this server."""
    return str(request.base_url).rstrip("/") + "/fhir"


def _patient_id(reference: str) -> str:
    """The id in a patient search parameter: `Patient/<id>`, a full URL, or a bare id."""
    return reference.rstrip("/").rsplit("/", 1)[-1] if "/" in reference else reference


@router.get("/metadata", response_class=FhirResponse, responses=_FHIR_OK)
def metadata(request: Request) -> FhirResponse:
    """The CapabilityStatement (no token needed)."""
    return FhirResponse(capability_statement(_base(request), utcnow()))


@router.get(
    "/Patient/{person_id}",
    response_class=FhirResponse,
    responses={**_FHIR_OK, **AUTH_ERRORS, 404: {"description": NOT_FOUND}},
)
def read_patient(
    person_id: str, principal: NeedsReader, session: SessionDep, languages: LanguagesDep
) -> FhirResponse:
    """One Patient, if the organisation may see them."""
    fields = ("id", "language")
    person, _ = person_for_read(
        session, principal, person_id, action="fhir.patient.read", fields=fields
    )
    audit_read(
        session,
        principal,
        action="fhir.patient.read",
        outcome="ok",
        fields=fields,
        person_id=person.id,
    )
    language = languages.get(person.language)
    return FhirResponse(patient(person, language.english_name if language else person.language))


@router.get("/Patient", response_class=FhirResponse, responses={**_FHIR_OK, **AUTH_ERRORS})
def search_patient(
    request: Request,
    principal: NeedsReader,
    session: SessionDep,
    languages: LanguagesDep,
    identifier: Annotated[
        str, Query(max_length=200, examples=[f"{PERSON_ID}|0b7c3f0e-8a51-4c55-9f5e-1d2f3a4b5c6d"])
    ],
) -> FhirResponse:
    """Patients by identifier (`system|value` with our person-id system, or a bare value)."""
    system, bar, value = identifier.rpartition("|")
    person = None
    if (not bar or system in ("", PERSON_ID)) and value:
        person = session.get(Person, value)
    visible = person is not None and may_see(session, principal, person.id)
    audit_read(
        session,
        principal,
        action="fhir.patient.search",
        outcome="found" if visible else "not_found",
        fields=("id", "language"),
        person_id=person.id if person else None,
    )
    found: list[dict[str, Any]] = []
    if person is not None and visible:
        language = languages.get(person.language)
        found.append(patient(person, language.english_name if language else person.language))
    return FhirResponse(searchset(_base(request), str(request.url), found))


def _search_person(
    session: SessionDep,
    principal: NeedsReader,
    reference: str,
    action: str,
    fields: tuple[str, ...],
) -> Person | None:
    """The searched patient if visible; the search is audited either way."""
    person = session.get(Person, _patient_id(reference))
    visible = person is not None and may_see(session, principal, person.id)
    audit_read(
        session,
        principal,
        action=action,
        outcome="found" if visible else "not_found",
        fields=fields,
        person_id=person.id if person else None,
    )
    return person if visible else None


@router.get("/Flag", response_class=FhirResponse, responses={**_FHIR_OK, **AUTH_ERRORS})
def search_flags(
    request: Request, principal: NeedsReader, session: SessionDep, patient: PatientParam
) -> FhirResponse:
    """One active Flag per current SNOMED CT coded need of the patient."""
    person = _search_person(session, principal, patient, "fhir.flag.search", ("needs",))
    needs = current_needs(session=session, person_id=person.id) if person else []
    flags = [flag(need) for need in needs if need.code_system == SNOMED]
    return FhirResponse(searchset(_base(request), str(request.url), flags))


@router.get("/Consent", response_class=FhirResponse, responses={**_FHIR_OK, **AUTH_ERRORS})
def search_consents(
    request: Request, principal: NeedsReader, session: SessionDep, patient: PatientParam
) -> FhirResponse:
    """The patient's consent in force, as an active Consent."""
    person = _search_person(session, principal, patient, "fhir.consent.search", ("consent",))
    record = current_consent(session=session, person_id=person.id) if person else None
    return FhirResponse(
        searchset(_base(request), str(request.url), [consent(record)] if record else [])
    )
