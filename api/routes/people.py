"""Provider API: find people and read their needs (audited, consent-scoped, with ETags)."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from api.access import NOT_FOUND, audit_read, may_see, person_for_read
from api.audit import record_audit
from api.db import as_utc
from api.deps import LanguagesDep, NeedsReader, SessionDep, require_scope
from api.models import ChangeEvent, Need, Person
from api.nhs_number import (
    InvalidNhsNumberError,
    NhsNumberHeldError,
    attach_nhs_number,
    nhs_number_of,
    normalise_nhs_number,
    people_with_nhs_number,
)
from api.phones import InvalidPhoneNumberError, normalise_sender
from api.providers import Principal
from api.records import current_needs, person_by_phone
from api.schemas import (
    Coding,
    ConsentOut,
    LanguageOut,
    NeedOut,
    PeoplePage,
    PersonNeeds,
    PersonRef,
)

router = APIRouter(prefix="/v1/people", tags=["people"])

__all__ = ["NOT_FOUND", "router", "need_out"]

NEEDS_FIELDS = ("language", "consent", "needs")
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, unknown, expired or revoked token"},
    403: {"description": "The credential lacks the scope"},
    429: {"description": "Rate limit exceeded; see Retry-After"},
}
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


def need_out(need: Need) -> NeedOut:
    """The provider view of one need."""
    value = None
    if need.value_system and need.value_code:
        value = Coding(system=need.value_system, code=need.value_code, display=need.value_display)
    return NeedOut(
        kind=need.kind,
        code=Coding(system=need.code_system, code=need.code, display=need.display),
        value=value,
        words=need.words,
        recorded_at=as_utc(need.recorded_at),
        source_channel=need.source_channel,
    )


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


def visible_with_nhs_number(
    session: Session, principal: Principal, nhs_number: str, *, action: str
) -> list[str]:
    """Ids of the people with this (valid) NHS number the organisation may see; each person
    with the number is audited, found or not (never revealed when not visible)."""
    candidates = people_with_nhs_number(session, nhs_number)
    visible = [person_id for person_id in candidates if may_see(session, principal, person_id)]
    for person_id in candidates:
        outcome = "found" if person_id in visible else "not_found"
        audit_read(
            session,
            principal,
            action=action,
            outcome=outcome,
            fields=("id", "nhs_number"),
            person_id=person_id,
        )
    if not candidates:
        audit_read(session, principal, action=action, outcome="not_found", fields=("id",))
    return visible


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
