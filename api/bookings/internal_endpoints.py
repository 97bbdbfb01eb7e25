"""Booking for the action server: offer slots that fit a person's needs, book, move, cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.bookings.reminders import claim_reminder, due_reminders, reminder_of
from api.bookings.schemas import (
    BookIn,
    BookingOut,
    BookingsList,
    CancelIn,
    MoveIn,
    Offers,
    booking_out,
    offers_out,
)
from api.bookings.service import BookingError, active_bookings, book, cancel, move, offers
from api.core.db import as_utc, utcnow
from api.core.deps import RendererDep, SessionDep
from api.core.local_time import UK_ZONE
from api.models.bookings import CLAIMED
from api.models.tables import Booking, Organisation, Person, Slot
from api.nlg.render import Renderer
from api.people.records import person_by_phone
from api.people.schemas import PhoneNumber

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
def list_bookings(phone: PhoneQuery, session: SessionDep) -> Any:
    """The person's upcoming active bookings, soonest first (to choose one to move or cancel)."""
    person = _person(session, phone)
    upcoming = active_bookings(session=session, person_id=person.id, after=utcnow())
    items = [_out(session, b) for b in upcoming]
    return BookingsList(items=items)


def _refuse(session: Session, exc: BookingError) -> HTTPException:
    """The HTTP error for a refused booking, after rolling back."""
    session.rollback()
    return HTTPException(exc.status, str(exc))


@router.post("/bookings", response_model=BookingOut, status_code=201, responses=ERRORS)
def create_booking(body: BookIn, session: SessionDep) -> Any:
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
def move_booking(booking_id: BookingId, body: MoveIn, session: SessionDep) -> Any:
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
def cancel_booking(booking_id: BookingId, body: CancelIn, session: SessionDep) -> Any:
    """Cancel a booking (idempotent), freeing its slot."""
    person = _person(session, body.phone)
    try:
        booking = cancel(session=session, person=person, booking_id=booking_id)
    except BookingError as exc:
        raise _refuse(session, exc) from exc
    return _out(session, booking)


class ReminderOut(BaseModel):
    """A reminder to send now: to whom, on which channels (preferred first), and its words."""

    booking_id: int
    phone: str
    language: str
    channels: list[str]
    text: str
    # For the outbound queue: the response's arguments (it is worded when sent), and when to stop.
    arguments: dict[str, Any]
    send_by: datetime


class ClaimOut(BaseModel):
    """The claimed reminder (report the outcome, or release it if it could not be sent)."""

    booking_id: int
    status: str


class ReminderOutcome(BaseModel):
    """Sent on a channel, or not sent at all (opted out everywhere): never tried again."""

    outcome: Literal["sent", "not_sent"]
    channel: Literal["sms", "whatsapp"] | None = None


def _reminder_arguments(slot: Slot) -> dict[str, Any]:
    return {
        "booking": {
            "slot": {
                "service": slot.service,
                "start": as_utc(slot.start_at).astimezone(UK_ZONE).isoformat(),
                "length_minutes": slot.length_minutes,
                "place": slot.place,
                "mode": slot.mode,
            }
        }
    }


def _reminder_text(renderer: Renderer, slot: Slot, language: str) -> str:
    arguments = {"language": language, **_reminder_arguments(slot)}
    return renderer.render("utter_reminder", arguments, {}).text


@router.get("/reminders/due", response_model=list[ReminderOut], responses={401: {}, 422: {}})
def due_reminders_now(
    session: SessionDep,
    renderer: RendererDep,
    now: Annotated[
        datetime | None, Query(description="The scheduler's clock (with offset); default now")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """Bookings to remind now (the day before, in the person's hours, UK time), in their words."""
    moment = utcnow() if now is None else now
    if moment.tzinfo is None:
        raise HTTPException(422, "now must carry a UTC offset.")
    return [
        ReminderOut(
            booking_id=due.booking.id,
            phone=due.person.phone_e164,
            language=due.person.language,
            channels=list(due.channels),
            text=_reminder_text(renderer, due.slot, due.person.language),
            arguments=_reminder_arguments(due.slot),
            send_by=due.send_by,
        )
        for due in due_reminders(session, now=moment, limit=limit)
    ]


def _booking(session: Session, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise HTTPException(404, "No such booking.")
    return booking


@router.post(
    "/reminders/{booking_id}/claim", status_code=201, response_model=ClaimOut, responses=ERRORS
)
def claim(booking_id: BookingId, session: SessionDep) -> Any:
    """Claim a booking's reminder before sending it: 409 if it was claimed or sent already."""
    booking = _booking(session, booking_id)
    if booking.status != "active":
        raise HTTPException(409, "That booking was moved or cancelled.")
    if claim_reminder(session, booking.id, utcnow()) is None:
        raise HTTPException(409, "This booking was already reminded.")
    return ClaimOut(booking_id=booking_id, status=CLAIMED)


@router.post("/reminders/{booking_id}/outcome", response_model=ClaimOut, responses=ERRORS)
def outcome(booking_id: BookingId, body: ReminderOutcome, session: SessionDep) -> Any:
    """Record that the claimed reminder went (and where), or could not go to anyone."""
    reminder = reminder_of(session, booking_id)
    if reminder is None:
        raise HTTPException(404, "This reminder was not claimed.")
    if reminder.status == CLAIMED:
        reminder.status, reminder.channel = body.outcome, body.channel
        reminder.finished_at = utcnow()
        session.commit()
    return ClaimOut(booking_id=booking_id, status=reminder.status)


@router.delete("/reminders/{booking_id}/claim", status_code=204, responses=ERRORS)
def release(booking_id: BookingId, session: SessionDep) -> None:
    """Release a claim whose message could not be sent now, so the next pass tries again."""
    reminder = reminder_of(session, booking_id)
    if reminder is None:
        raise HTTPException(404, "This reminder was not claimed.")
    if reminder.status != CLAIMED:
        raise HTTPException(409, "This reminder was already sent.")
    session.delete(reminder)
    session.commit()
