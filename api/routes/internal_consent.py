"""Internal endpoint for the action server: a person withdraws consent (access ends at once)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel
from sqlalchemy import select

from api.audit import record_audit
from api.db import as_utc, utcnow
from api.deps import ServiceDep, SessionDep
from api.models import Consent, Person

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
