"""Waiting list, for providers: mark a person waiting, end it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path

from api.auth.providers import Principal
from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.models.tables import WaitingEntry
from api.people.access import audit_read, person_for_read
from api.waiting.service import (
    WaitingIn,
    WaitingOut,
    mark_waiting,
)

router = APIRouter(tags=["waiting"])
WaitingWriter = Annotated[Principal, Depends(require_scope("waiting:write"))]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
FIELDS = ("waiting",)


def _out(entry: WaitingEntry) -> WaitingOut:
    """The provider view of an entry."""
    return WaitingOut(
        id=entry.id,
        person_id=entry.person_id,
        referral=entry.referral,
        expected_wait_weeks=entry.expected_wait_weeks,
        since=as_utc(entry.created_at),
        ended=entry.ended_at is not None,
    )


@router.post(
    "/v1/people/{person_id}/waiting",
    status_code=201,
    response_model=WaitingOut,
    responses={**AUTH_ERRORS, 404: {}, 422: {}},
)
def create_waiting(
    person_id: str, body: WaitingIn, principal: WaitingWriter, session: SessionDep
) -> Any:
    """Mark a person the organisation may see as waiting: they get check-ins while they wait."""
    person, _ = person_for_read(
        session, principal, person_id, action="waiting.create", fields=FIELDS
    )
    entry = mark_waiting(
        session=session, person=person, organisation_id=principal.organisation.id, body=body
    )
    audit_read(
        session,
        principal,
        action="waiting.create",
        outcome="ok",
        fields=FIELDS,
        person_id=person.id,
    )
    return _out(entry)


@router.delete(
    "/v1/people/{person_id}/waiting/{waiting_id}",
    response_model=WaitingOut,
    responses={**AUTH_ERRORS, 404: {}},
)
def end_waiting(
    person_id: str, waiting_id: RowId, principal: WaitingWriter, session: SessionDep
) -> Any:
    """End a waiting entry of the organisation (seen, or no longer waiting); check-ins stop."""
    person, _ = person_for_read(session, principal, person_id, action="waiting.end", fields=FIELDS)
    entry = session.get(WaitingEntry, waiting_id)
    if entry is None or (entry.person_id, entry.organisation_id) != (
        person.id,
        principal.organisation.id,
    ):
        audit_read(
            session,
            principal,
            action="waiting.end",
            outcome="not_found",
            fields=FIELDS,
            person_id=person.id,
        )
        raise HTTPException(404, "No such waiting entry of this organisation for this person.")
    if entry.ended_at is None:
        entry.ended_at = utcnow()
    audit_read(
        session, principal, action="waiting.end", outcome="ok", fields=FIELDS, person_id=person.id
    )
    return _out(entry)
