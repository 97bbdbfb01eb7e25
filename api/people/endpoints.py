"""Provider API: find people and read their needs (audited, consent-scoped, with ETags)."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.auth.providers import Principal
from api.core.audit import record_audit
from api.core.db import as_utc
from api.core.deps import LanguagesDep, NeedsReader, SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.core.phones import InvalidPhoneNumberError, normalise_sender
from api.models.tables import ChangeEvent, Person
from api.people import representatives
from api.people.access import NOT_FOUND, audit_read, may_see, person_for_read
from api.people.nhs_number import (
    InvalidNhsNumberError,
    NhsNumberHeldError,
    attach_nhs_number,
    nhs_number_of,
    normalise_nhs_number,
)
from api.people.records import current_needs, person_by_phone
from api.people.representatives import provider_view
from api.people.schemas import (
    ConsentOut,
    LanguageOut,
    PeoplePage,
    PersonNeeds,
    PersonRef,
)
from api.people.views import need_out, visible_with_nhs_number

router = APIRouter(prefix="/v1/people", tags=["people"])

__all__ = ["NOT_FOUND", "router", "need_out"]

NEEDS_FIELDS = ("language", "consent", "needs", "representatives")
PERSON_ID_EXAMPLE = "0b7c3f0e-8a51-4c55-9f5e-1d2f3a4b5c6d"
NHS_NUMBER_EXAMPLE = "9434765919"
IdentifiersWriter = Annotated[Principal, Depends(require_scope("identifiers:write"))]


class NhsNumberIn(BaseModel):
    """An NHS number to attach (10 digits; spaces allowed as printed)."""

    nhs_number: str = Field(max_length=20, examples=["943 476 5919"])


class NhsNumberOut(BaseModel):
    """The NHS number now attached to the person."""

    person_id: str
    nhs_number: str = Field(examples=[NHS_NUMBER_EXAMPLE])


@router.get("", response_model=PeoplePage, responses={**AUTH_ERRORS, 422: {}})
def search_people(
    principal: NeedsReader,
    session: SessionDep,
    phone: Annotated[
        str | None, Query(max_length=32, examples=["+447700900123"], description="E.164")
    ] = None,
    person_ref: Annotated[
        str | None, Query(alias="id", max_length=64, examples=[PERSON_ID_EXAMPLE])
    ] = None,
    nhs_number: Annotated[
        str | None,
        Query(max_length=20, examples=[NHS_NUMBER_EXAMPLE], description="10 digits, Modulus 11"),
    ] = None,
) -> PeoplePage:
    """People with this phone number, id or NHS number whom the organisation may see (empty
    otherwise). An NHS number with a wrong check digit is a 400."""
    audit = partial(audit_read, session, principal, action="people.search", fields=("id",))
    if sum(given is not None for given in (phone, person_ref, nhs_number)) != 1:
        audit(outcome="invalid")
        raise HTTPException(422, "Give exactly one of the phone, id and nhs_number parameters.")
    if nhs_number is not None:
        return _search_by_nhs_number(session, principal, nhs_number)
    person: Person | None
    if phone is not None:
        try:
            # A lookup, of senders: a number in a range the library does not know yet is found.
            person = person_by_phone(session=session, phone_e164=normalise_sender(phone))
        except InvalidPhoneNumberError as exc:
            audit(outcome="invalid")
            raise HTTPException(422, "The phone query parameter is not a valid number.") from exc
    else:
        person = session.get(Person, person_ref)
    visible = person is not None and may_see(session, principal, person.id)
    # The audit names a person who exists even when hidden: it is theirs to see, not the caller's.
    audit(outcome="found" if visible else "not_found", person_id=person.id if person else None)
    if person is None or not visible:
        return PeoplePage(items=[])
    return PeoplePage(items=[PersonRef(id=person.id, nhs_number=nhs_number_of(session, person.id))])


def _search_by_nhs_number(session: Session, principal: Principal, text: str) -> PeoplePage:
    """People with this NHS number whom the organisation may see."""
    try:
        number = normalise_nhs_number(text)
    except InvalidNhsNumberError as exc:
        audit_read(session, principal, action="people.search", outcome="invalid", fields=("id",))
        raise HTTPException(400, str(exc)) from exc
    found = visible_with_nhs_number(session, principal, number, action="people.search")
    return PeoplePage(items=[PersonRef(id=person_id, nhs_number=number) for person_id in found])


@router.put(
    "/{person_id}/nhs-number",
    response_model=NhsNumberOut,
    responses={
        **AUTH_ERRORS,
        400: {"description": "Not 10 digits, or the check digit is wrong"},
        404: {"description": "No such person, or not visible to this organisation"},
        409: {"description": "Another organisation attached a different number"},
    },
)
def put_nhs_number(
    person_id: str, body: NhsNumberIn, principal: IdentifiersWriter, session: SessionDep
) -> NhsNumberOut:
    """Attach the person's NHS number, if the organisation may see them; only the organisation
    that attached a number may replace it (409 for others). Audited; the changes feed carries
    `needs.changed` so other readers fetch it."""
    fields = ("nhs_number",)
    person, _ = person_for_read(
        session, principal, person_id, action="nhs_number.write", fields=fields
    )
    try:
        number = normalise_nhs_number(body.nhs_number)
    except InvalidNhsNumberError as exc:
        audit_read(
            session,
            principal,
            action="nhs_number.write",
            outcome="invalid",
            fields=fields,
            person_id=person.id,
        )
        raise HTTPException(400, str(exc)) from exc
    try:
        changed = attach_nhs_number(
            session,
            person_id=person.id,
            nhs_number=number,
            organisation_id=principal.organisation.id,
        )
    except NhsNumberHeldError as exc:
        audit_read(
            session,
            principal,
            action="nhs_number.write",
            outcome="refused",
            fields=fields,
            person_id=person.id,
        )
        raise HTTPException(409, f"Not replaced: {exc}.") from exc
    if changed:
        session.add(ChangeEvent(person_id=person.id, type="needs.changed"))
    record_audit(
        session=session,
        action="nhs_number.write",
        outcome="ok" if changed else "unchanged",
        fields=fields,
        organisation_id=principal.organisation.id,
        client_id=principal.client.id,
        person_id=person.id,
    )
    session.commit()
    return NhsNumberOut(person_id=person.id, nhs_number=number)


def _etag(body: PersonNeeds) -> str:
    """A weak ETag for a needs body (changes whenever anything in it changes)."""
    digest = hashlib.sha256(repr(jsonable_encoder(body)).encode("utf-8")).hexdigest()
    return f'W/"{digest[:32]}"'


@router.get(
    "/{person_id}/needs",
    response_model=PersonNeeds,
    responses={
        **AUTH_ERRORS,
        304: {"description": "Not modified since the ETag in If-None-Match"},
        404: {"description": "No such person, or not visible to this organisation"},
    },
)
def read_needs(
    person_id: str,
    principal: NeedsReader,
    session: SessionDep,
    languages: LanguagesDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Any:
    """A person's language, consent and current needs, if the organisation may see them."""
    person, consent = person_for_read(
        session, principal, person_id, action="needs.read", fields=NEEDS_FIELDS
    )
    language = languages.get(person.language)
    body = PersonNeeds(
        person_id=person.id,
        language=LanguageOut(
            code=person.language, display=language.english_name if language else person.language
        ),
        consent=ConsentOut(
            version=consent.version,
            language=consent.language,
            recorded_at=as_utc(consent.recorded_at),
        ),
        confirmed_at=as_utc(person.confirmed_at) if person.confirmed_at else None,
        needs=[need_out(need) for need in current_needs(session=session, person_id=person.id)],
        nhs_number=nhs_number_of(session, person.id),
        representatives=[
            provider_view(r) for r in representatives.standing(session=session, person_id=person.id)
        ],
    )
    etag = _etag(body)
    not_modified = if_none_match is not None and etag in {
        t.strip() for t in if_none_match.split(",")
    }
    audit_read(
        session,
        principal,
        action="needs.read",
        outcome="not_modified" if not_modified else "ok",
        fields=NEEDS_FIELDS,
        person_id=person.id,
    )
    if not_modified:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return body
