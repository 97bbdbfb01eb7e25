"""Internal endpoints for the action server: a person withdraws consent, for everyone or for one
organisation (access ends at once)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.audit import record_audit
from api.db import as_utc, utcnow
from api.deps import ServiceDep, SessionDep
from api.models import Consent, Organisation, Person
from api.organisation_consent import OrganisationConsentWithdrawal, allow_again, withdraw_for
from api.providers import organisation_by_ods

router = APIRouter(prefix="/internal", tags=["internal"])


class ConsentWithdrawn(BaseModel):
    """The person whose consent is withdrawn, and since when."""

    person_id: str
    withdrawn_at: datetime


@router.post(
    "/people/{person_id}/consent/withdraw",
    response_model=ConsentWithdrawn,
    responses={401: {"description": "Not the service token"}, 404: {"description": "No person"}},
)
def withdraw_consent(person_id: str, _service: ServiceDep, session: SessionDep) -> ConsentWithdrawn:
    """Withdraw every standing consent of the person; providers lose access at once."""
    person = session.get(Person, person_id)
    if person is None:
        raise HTTPException(404, "No such person.")
    now = utcnow()
    standing = session.scalars(
        select(Consent).where(Consent.person_id == person.id, Consent.withdrawn_at.is_(None))
    )
    withdrawn = list(standing)
    for consent in withdrawn:
        consent.withdrawn_at = now
    record_audit(
        session=session,
        action="consent.withdraw",
        outcome="ok" if withdrawn else "already_withdrawn",
        fields=("consent",),
        person_id=person.id,
    )
    session.commit()
    latest = max((as_utc(c.withdrawn_at) for c in withdrawn if c.withdrawn_at), default=now)
    return ConsentWithdrawn(person_id=person.id, withdrawn_at=latest)


class OrganisationConsentIn(BaseModel):
    """Where the person said it (for the record)."""

    model_config = ConfigDict(extra="forbid")

    channel: Literal["sms", "whatsapp", "voice", "web", "staff"] = "sms"


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


@router.post(
    "/people/{person_id}/consent/organisations/{ods_code}/withdraw",
    response_model=OrganisationConsentOut,
    responses=ORG_CONSENT_ERRORS,
)
def withdraw_for_organisation(
    person_id: str,
    ods_code: OdsPath,
    _service: ServiceDep,
    session: SessionDep,
    body: OrganisationConsentIn | None = None,
) -> OrganisationConsentOut:
    """The person stops one organisation seeing them; others keep access. Takes effect at once;
    that organisation's changes feed gets `consent.withdrawn` (an id only)."""
    channel = body.channel if body else "sms"
    return change_organisation_consent(
        session, person_id=person_id, ods_code=ods_code, withdraw=True, channel=channel, by="person"
    )


@router.post(
    "/people/{person_id}/consent/organisations/{ods_code}/allow",
    response_model=OrganisationConsentOut,
    responses=ORG_CONSENT_ERRORS,
)
def allow_organisation(
    person_id: str, ods_code: OdsPath, _service: ServiceDep, session: SessionDep
) -> OrganisationConsentOut:
    """The person lets one organisation see them again (while their general consent stands)."""
    return change_organisation_consent(
        session, person_id=person_id, ods_code=ods_code, withdraw=False, channel="sms", by="person"
    )


@router.get(
    "/people/{person_id}/consent/organisations",
    response_model=list[OrganisationConsentOut],
    responses=ORG_CONSENT_ERRORS,
)
def organisation_consents(
    person_id: str, _service: ServiceDep, session: SessionDep
) -> list[OrganisationConsentOut]:
    """Organisations the person withdrew consent for (standing withdrawals), newest first."""
    person = session.get(Person, person_id)
    if person is None:
        raise HTTPException(404, "No such person.")
    rows = session.execute(
        select(OrganisationConsentWithdrawal, Organisation.ods_code)
        .join(Organisation, Organisation.id == OrganisationConsentWithdrawal.organisation_id)
        .where(
            OrganisationConsentWithdrawal.person_id == person.id,
            OrganisationConsentWithdrawal.ended_at.is_(None),
        )
        .order_by(OrganisationConsentWithdrawal.id.desc())
    )
    return [
        OrganisationConsentOut(
            person_id=person.id, ods_code=ods, withdrawn=True, at=as_utc(row.withdrawn_at)
        )
        for row, ods in rows
    ]
