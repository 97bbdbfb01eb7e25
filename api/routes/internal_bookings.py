"""Booking for the action server: offer slots that fit a person's needs, book, move, cancel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from sqlalchemy.orm import Session

from api.bookings import BookingError, active_bookings, book, cancel, move, offers
from api.bookings_schemas import (
    BookIn,
    BookingOut,
    BookingsList,
    CancelIn,
    MoveIn,
    Offers,
    booking_out,
    offers_out,
)
from api.db import utcnow
from api.deps import ServiceDep, SessionDep
from api.models import Booking, Organisation, Person, Slot
from api.records import person_by_phone
from api.schemas import PhoneNumber

router = APIRouter(prefix="/internal", tags=["internal"])
PhoneQuery = Annotated[PhoneNumber, Query(description="E.164 phone number")]
BookingId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {},
    404: {"description": "Unknown number, slot or booking"},
    409: {"description": "The slot was just taken, withdrawn or has started"},
    422: {"description": "Invalid body, or the slot does not fit the person's needs"},
}


def _person(session: Session, phone: str) -> Person:
    """The person with this number, or 404."""
    person = person_by_phone(session=session, phone_e164=phone)
    if person is None:
        raise HTTPException(404, "No person with this number.")
    return person


def _out(session: Session, booking: Booking, created: bool = True) -> BookingOut:
    """A booking with its slot and organisation."""
    slot = session.get(Slot, booking.slot_id)
    organisation = session.get(Organisation, booking.organisation_id)
    assert slot is not None and organisation is not None
    return booking_out(booking, slot, organisation, created)


@router.get("/slots/offer", response_model=Offers, responses=ERRORS)
def offer_slots(
    phone: PhoneQuery,
    _service: ServiceDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=9)] = 3,
    service: Annotated[str | None, Query(max_length=100)] = None,
) -> Any:
    """Free future slots that fit the person's current needs, best first (at most 9: a keypad)."""
    person = _person(session, phone)
    fits, wanted = offers(
        session=session, person=person, service=service, limit=limit, now=utcnow()
    )
    organisations = {
        f.slot.organisation_id: session.get(Organisation, f.slot.organisation_id) for f in fits
    }
    return offers_out(fits, wanted, organisations)  # type: ignore[arg-type]


@router.get("/bookings", response_model=BookingsList, responses=ERRORS)
def list_bookings(phone: PhoneQuery, _service: ServiceDep, session: SessionDep) -> Any:
    """The person's active bookings, soonest first (to choose one to move or cancel)."""
    person = _person(session, phone)
    items = [_out(session, b) for b in active_bookings(session=session, person_id=person.id)]
    return BookingsList(items=items)


def _refuse(session: Session, exc: BookingError) -> HTTPException:
    """The HTTP error for a refused booking, after rolling back."""
    session.rollback()
    return HTTPException(exc.status, str(exc))


@router.post("/bookings", response_model=BookingOut, status_code=201, responses=ERRORS)
def create_booking(body: BookIn, _service: ServiceDep, session: SessionDep) -> Any:
    """Book a slot: exactly one of two people booking it at once succeeds (the other gets 409)."""
    person = _person(session, body.phone)
    try:
        booking, created = book(
            session=session, person=person, slot_id=body.slot_id, channel=body.channel
        )
    except BookingError as exc:
        raise _refuse(session, exc) from exc
    return _out(session, booking, created)


@router.post("/bookings/{booking_id}/move", response_model=BookingOut, responses=ERRORS)
def move_booking(
    booking_id: BookingId, body: MoveIn, _service: ServiceDep, session: SessionDep
) -> Any:
    """Move a booking to another slot; if that slot is gone the old booking stands (409)."""
    person = _person(session, body.phone)
    try:
        booking = move(
            session=session,
            person=person,
            booking_id=booking_id,
            slot_id=body.slot_id,
            channel=body.channel,
        )
    except BookingError as exc:
        raise _refuse(session, exc) from exc
    return _out(session, booking)


@router.post("/bookings/{booking_id}/cancel", response_model=BookingOut, responses=ERRORS)
def cancel_booking(
    booking_id: BookingId, body: CancelIn, _service: ServiceDep, session: SessionDep
) -> Any:
    """Cancel a booking (idempotent), freeing its slot."""
    person = _person(session, body.phone)
    try:
        booking = cancel(session=session, person=person, booking_id=booking_id)
    except BookingError as exc:
        raise _refuse(session, exc) from exc
    return _out(session, booking)
