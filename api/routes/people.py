"""Provider API: find people and read their needs (audited, consent-scoped)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy.orm import Session

from api.audit import record_audit
from api.db import as_utc
from api.deps import LanguagesDep, ProviderDep, SessionDep
from api.models import Need, Person
from api.phones import InvalidPhoneNumberError, normalise_phone
from api.providers import Principal
from api.records import current_consent, current_needs, person_by_phone, visible_person
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

NOT_FOUND = "No such person, or this organisation may not see them."
NEEDS_FIELDS = ("language", "consent", "needs")


def _need_out(need: Need) -> NeedOut:
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


def _audit(
    session: Session,
    principal: Principal,
    *,
    action: str,
    outcome: str,
    fields: tuple[str, ...],
    person_id: str | None = None,
) -> None:
    """Write and commit the audit event of one provider read, whatever its outcome."""
    record_audit(
        session=session,
        action=action,
        outcome=outcome,
        fields=fields,
        organisation_id=principal.organisation.id,
        client_id=principal.client.id,
        person_id=person_id,
    )
    session.commit()


@router.get("", response_model=PeoplePage, responses={401: {}, 422: {}})
def search_people(
    principal: ProviderDep, session: SessionDep, phone: Annotated[str, Query(max_length=32)]
) -> PeoplePage:
    """People with this phone number whom the organisation may see."""
    audit = partial(_audit, session, principal, action="people.search", fields=("id",))
    try:
        phone_e164 = normalise_phone(phone)
    except InvalidPhoneNumberError as exc:
        audit(outcome="invalid")
        raise HTTPException(422, "The phone query parameter is not a valid number.") from exc
    person = person_by_phone(session=session, phone_e164=phone_e164)
    visible = person is not None and (
        visible_person(session=session, organisation=principal.organisation, person_id=person.id)
        is not None
    )
    # The audit names a person who exists even when hidden: it is theirs to see, not the caller's.
    audit(outcome="found" if visible else "not_found", person_id=person.id if person else None)
    return PeoplePage(items=[PersonRef(id=person.id)] if person and visible else [])


@router.get("/{person_id}/needs", response_model=PersonNeeds, responses={401: {}, 404: {}})
def read_needs(
    person_id: str, principal: ProviderDep, session: SessionDep, languages: LanguagesDep
) -> PersonNeeds:
    """A person's language, consent and current needs, if the organisation may see them."""
    audit = partial(_audit, session, principal, action="needs.read", fields=NEEDS_FIELDS)
    person = visible_person(
        session=session, organisation=principal.organisation, person_id=person_id
    )
    consent = current_consent(session=session, person_id=person.id) if person else None
    if person is None or consent is None:
        existing = session.get(Person, person_id)
        audit(outcome="not_found", person_id=existing.id if existing else None)
        raise HTTPException(404, NOT_FOUND)
    needs = current_needs(session=session, person_id=person.id)
    audit(outcome="ok", person_id=person.id)
    language = languages.get(person.language)
    return PersonNeeds(
        person_id=person.id,
        language=LanguageOut(
            code=person.language, display=language.english_name if language else person.language
        ),
        consent=ConsentOut(
            version=consent.version,
            language=consent.language,
            recorded_at=as_utc(consent.recorded_at),
        ),
        needs=[_need_out(need) for need in needs],
    )
