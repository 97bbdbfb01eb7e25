"""Pieces of the people API that several route modules share."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import HTTPException, Path
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.auth.providers import Principal, organisation_by_ods
from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.models.tables import Need, Organisation, Person
from api.people.access import audit_read, may_see
from api.people.nhs_number import people_with_nhs_number
from api.people.organisation_consent import allow_again, withdraw_for
from api.people.schemas import Coding, NeedOut


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


class OrganisationConsentOut(BaseModel):
    """Whether one organisation may see the person, as far as their consent goes."""

    person_id: str
    ods_code: str
    withdrawn: bool
    at: datetime


OdsPath = Annotated[str, Path(pattern=r"^[A-Z0-9]{3,10}$", examples=["A81001"])]


ORG_CONSENT_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not the right token"},
    404: {"description": "No such person or organisation"},
}


def _person_and_organisation(
    session: Session, person_id: str, ods_code: str
) -> tuple[Person, Organisation]:
    """Both, or a 404."""
    person = session.get(Person, person_id)
    organisation = organisation_by_ods(session=session, ods_code=ods_code)
    if person is None or organisation is None:
        raise HTTPException(404, "No such person or organisation.")
    return person, organisation


def change_organisation_consent(
    session: Session, *, person_id: str, ods_code: str, withdraw: bool, channel: str, by: str
) -> OrganisationConsentOut:
    """Withdraw (or allow again) the person's consent for one organisation, audited."""
    person, organisation = _person_and_organisation(session, person_id, ods_code)
    if withdraw:
        _, changed = withdraw_for(
            session, person_id=person.id, organisation_id=organisation.id, channel=channel
        )
    else:
        changed = allow_again(session, person_id=person.id, organisation_id=organisation.id)
    record_audit(
        session=session,
        action="consent.organisation.withdraw" if withdraw else "consent.organisation.allow",
        outcome="ok" if changed else "unchanged",
        fields=("consent",),
        organisation_id=organisation.id,
        person_id=person.id,
        purpose=by,
    )
    session.commit()
    return OrganisationConsentOut(
        person_id=person.id, ods_code=organisation.ods_code, withdrawn=withdraw, at=utcnow()
    )
