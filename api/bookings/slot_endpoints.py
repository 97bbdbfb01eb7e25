"""Provider API: publish, list and withdraw the organisation's own appointment slots."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from api.auth.providers import Principal
from api.bookings.slots import (
    SlotConflictError,
    SlotIn,
    SlotInPastError,
    SlotOut,
    booked_slot_ids,
    own_slots,
    publish_slot,
    slot_out,
    withdraw_slot,
)
from api.core.deps import SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.people.access import audit_read

router = APIRouter(prefix="/v1/slots", tags=["slots"])
SlotsWriter = Annotated[Principal, Depends(require_scope("slots:write"))]
MAX_SLOTS = 500
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("", status_code=201, response_model=SlotOut, responses={**AUTH_ERRORS, 422: {}})
def create_slot(body: SlotIn, principal: SlotsWriter, session: SessionDep) -> Any:
    """Publish a slot: refused (422) if it starts in the past or overlaps a room or clinician."""
    try:
        slot = publish_slot(session=session, organisation_id=principal.organisation.id, body=body)
    except (SlotInPastError, SlotConflictError) as exc:
        session.rollback()
        audit_read(session, principal, action="slots.create", outcome="invalid", fields=("slot",))
        raise HTTPException(422, str(exc)) from exc
    audit_read(session, principal, action="slots.create", outcome="ok", fields=("slot",))
    return slot_out(slot, booked=False)


@router.get("", response_model=list[SlotOut], responses={**AUTH_ERRORS, 422: {}})
def list_slots(
    principal: SlotsWriter,
    session: SessionDep,
    after: Annotated[datetime | None, Query(description="Slots starting from; default now")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_SLOTS)] = 100,
) -> Any:
    """The organisation's live slots, soonest first, each saying whether it is booked."""
    if after is not None and after.tzinfo is None:
        raise HTTPException(422, "The after parameter needs a UTC offset.")
    slots = own_slots(
        session=session, organisation_id=principal.organisation.id, after=after, limit=limit
    )
    booked = booked_slot_ids(session, [slot.id for slot in slots])
    audit_read(session, principal, action="slots.list", outcome="ok", fields=("slot",))
    return [slot_out(slot, booked=slot.id in booked) for slot in slots]


@router.delete(
    "/{slot_id}",
    response_model=SlotOut,
    responses={**AUTH_ERRORS, 404: {}, 409: {"description": "The slot is booked"}},
)
def delete_slot(slot_id: RowId, principal: SlotsWriter, session: SessionDep) -> Any:
    """Withdraw one of the organisation's slots; a booked slot must be cancelled first (409)."""
    slot = withdraw_slot(
        session=session, organisation_id=principal.organisation.id, slot_id=slot_id
    )
    if slot is None:
        session.rollback()
        audit_read(session, principal, action="slots.withdraw", outcome="not_found", fields=())
        raise HTTPException(404, "No such slot of this organisation.")
    if booked_slot_ids(session, [slot.id]):
        session.rollback()
        audit_read(session, principal, action="slots.withdraw", outcome="conflict", fields=())
        raise HTTPException(409, "The slot is booked: cancel the booking before withdrawing it.")
    audit_read(session, principal, action="slots.withdraw", outcome="ok", fields=("slot",))
    return slot_out(slot, booked=False)
