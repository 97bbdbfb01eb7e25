"""Provider API: find people and read their needs (audited, consent-scoped, with ETags)."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Response
from fastapi.encoders import jsonable_encoder

from api.access import NOT_FOUND, audit_read, may_see, person_for_read
from api.db import as_utc
from api.deps import LanguagesDep, NeedsReader, SessionDep
from api.models import Need, Person
from api.phones import InvalidPhoneNumberError, normalise_phone
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
) -> PeoplePage:
    """People with this phone number or id whom the organisation may see (empty otherwise)."""
    audit = partial(audit_read, session, principal, action="people.search", fields=("id",))
    if (phone is None) == (person_ref is None):
        audit(outcome="invalid")
        raise HTTPException(422, "Give exactly one of the phone and id query parameters.")
    person: Person | None
    if phone is not None:
        try:
            person = person_by_phone(session=session, phone_e164=normalise_phone(phone))
        except InvalidPhoneNumberError as exc:
            audit(outcome="invalid")
            raise HTTPException(422, "The phone query parameter is not a valid number.") from exc
    else:
        person = session.get(Person, person_ref)
    visible = person is not None and may_see(session, principal, person.id)
    # The audit names a person who exists even when hidden: it is theirs to see, not the caller's.
    audit(outcome="found" if visible else "not_found", person_id=person.id if person else None)
    return PeoplePage(items=[PersonRef(id=person.id)] if person and visible else [])


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
