"""FHIR R4 read API: metadata, Patient, Flag, Consent, RelatedPerson (audited, consent-scoped)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from api.core.codes import SNOMED
from api.core.db import utcnow
from api.core.deps import LanguagesDep, NeedsReader, SessionDep
from api.core.errors import AUTH_ERRORS
from api.models.tables import Person
from api.people.access import NOT_FOUND, audit_read, may_see, person_for_read
from api.people.fhir_codes import NHS_NUMBER, PERSON_ID
from api.people.fhir_resources import capability_statement, consent, flag, patient, searchset
from api.people.nhs_number import InvalidNhsNumberError, nhs_number_of, normalise_nhs_number
from api.people.provider_needs import observed
from api.people.provider_needs_fhir import observed_flag
from api.people.records import current_consent, current_needs
from api.people.representative_fhir import related_person
from api.people.representatives import ACTIVE, standing
from api.people.views import visible_with_nhs_number

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
    display = language.english_name if language else person.language
    return FhirResponse(patient(person, display, nhs_number_of(session, person.id)))


@router.get(
    "/Patient",
    response_class=FhirResponse,
    responses={**_FHIR_OK, **AUTH_ERRORS, 400: {"description": "Invalid NHS number"}},
)
def search_patient(
    request: Request,
    principal: NeedsReader,
    session: SessionDep,
    languages: LanguagesDep,
    identifier: Annotated[
        str,
        Query(
            max_length=200,
            examples=[
                f"{PERSON_ID}|0b7c3f0e-8a51-4c55-9f5e-1d2f3a4b5c6d",
                f"{NHS_NUMBER}|9434765919",
            ],
        ),
    ],
) -> FhirResponse:
    """Patients by identifier: `system|value` with our person-id system or the NHS number
    system (`https://fhir.nhs.uk/Id/nhs-number`), or a bare person id."""
    system, bar, value = identifier.rpartition("|")
    if system == NHS_NUMBER:
        return _search_patient_by_nhs_number(request, principal, session, languages, value)
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
        display = language.english_name if language else person.language
        found.append(patient(person, display, nhs_number_of(session, person.id)))
    return FhirResponse(searchset(_base(request), str(request.url), found))


def _search_patient_by_nhs_number(
    request: Request,
    principal: NeedsReader,
    session: SessionDep,
    languages: LanguagesDep,
    text: str,
) -> FhirResponse:
    """Patients with this NHS number whom the organisation may see (a 400 if it is invalid)."""
    try:
        number = normalise_nhs_number(text)
    except InvalidNhsNumberError as exc:
        audit_read(
            session, principal, action="fhir.patient.search", outcome="invalid", fields=("id",)
        )
        raise HTTPException(400, str(exc)) from exc
    found = []
    for person_id in visible_with_nhs_number(
        session, principal, number, action="fhir.patient.search"
    ):
        person = session.get(Person, person_id)
        assert person is not None
        language = languages.get(person.language)
        display = language.english_name if language else person.language
        found.append(patient(person, display, number))
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
    """One active Flag per current SNOMED CT coded need of the patient; then those providers
    recorded that the patient has not accepted (authored, with the answer and any conflict)."""
    person = _search_person(session, principal, patient, "fhir.flag.search", ("needs",))
    needs = current_needs(session=session, person_id=person.id) if person else []
    flags = [flag(need) for need in needs if need.code_system == SNOMED]
    for row, ods, _name, conflict in observed(session, person.id) if person else []:
        if (resource := observed_flag(row, ods, conflict)) is not None:
            flags.append(resource)
    return FhirResponse(searchset(_base(request), str(request.url), flags))


@router.get("/Consent", response_class=FhirResponse, responses={**_FHIR_OK, **AUTH_ERRORS})
def search_consents(
    request: Request, principal: NeedsReader, session: SessionDep, patient: PatientParam
) -> FhirResponse:
    """The patient's consent in force, as an active Consent."""
    person = _search_person(session, principal, patient, "fhir.consent.search", ("consent",))
    record = current_consent(session=session, person_id=person.id) if person else None
    found = standing(session=session, person_id=person.id) if person else []
    acting = [r for r in found if r.status == ACTIVE]
    return FhirResponse(
        searchset(
            _base(request),
            str(request.url),
            [consent(record, principal.organisation, acting)] if record else [],
        )
    )


@router.get("/RelatedPerson", response_class=FhirResponse, responses={**_FHIR_OK, **AUTH_ERRORS})
def search_related_people(
    request: Request, principal: NeedsReader, session: SessionDep, patient: PatientParam
) -> FhirResponse:
    """Everyone acting for the patient (active) or waiting for the patient's YES (inactive)."""
    person = _search_person(
        session, principal, patient, "fhir.related_person.search", ("representatives",)
    )
    found = standing(session=session, person_id=person.id) if person else []
    return FhirResponse(
        searchset(_base(request), str(request.url), [related_person(r) for r in found])
    )
