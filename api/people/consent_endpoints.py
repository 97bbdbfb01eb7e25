"""Internal endpoints for the action server: a person withdraws consent, for everyone or for one
organisation (access ends at once)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select

from api.core.audit import record_audit
from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep
from api.models.people import OrganisationConsentWithdrawal
from api.models.tables import Consent, Organisation, Person
from api.people.views import (
    ORG_CONSENT_ERRORS,
    OdsPath,
    OrganisationConsentOut,
    change_organisation_consent,
)

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
def withdraw_consent(person_id: str, session: SessionDep) -> ConsentWithdrawn:
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


@router.post(
    "/people/{person_id}/consent/organisations/{ods_code}/withdraw",
    response_model=OrganisationConsentOut,
    responses=ORG_CONSENT_ERRORS,
)
def withdraw_for_organisation(
    person_id: str,
    ods_code: OdsPath,
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
    person_id: str, ods_code: OdsPath, session: SessionDep
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
def organisation_consents(person_id: str, session: SessionDep) -> list[OrganisationConsentOut]:
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
