"""Booking, moving and cancelling slots: at most one active booking per slot, enforced by the
database (a unique `active_slot_id`), so two people booking at once cannot both succeed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.bookings.matching import Fit, Requirements, fit, rank, requirements
from api.core.db import as_utc, utcnow
from api.models.tables import Booking, ChangeEvent, Person, Slot
from api.people.records import current_needs

ACTIVE, MOVED, CANCELLED = "active", "moved", "cancelled"
CREATED_EVENT, MOVED_EVENT, CANCELLED_EVENT = (
    "booking.created",
    "booking.moved",
    "booking.cancelled",
)
CANDIDATES = 500


class BookingError(Exception):
    """A booking request we refuse; `status` is the HTTP status to answer with."""

    status = 409


class SlotGoneError(BookingError):
    """The slot was just booked by someone else, withdrawn, or has started."""


class SlotUnsuitableError(BookingError):
    """The slot does not fit the person's recorded needs."""

    status = 422


class NoSuchBookingError(BookingError):
    """No booking with this id for this person."""

    status = 404


def _live_slot(session: Session, slot_id: int, now: datetime) -> Slot:
    """The slot if it can still be booked (not withdrawn, not started), else SlotGoneError."""
    slot = session.get(Slot, slot_id)
    if slot is None:
        raise NoSuchBookingError("No such slot.")
    if slot.withdrawn_at is not None or as_utc(slot.start_at) <= now:
        raise SlotGoneError("That slot is no longer available.")
    return slot


def offers(
    *, session: Session, person: Person, service: str | None, limit: int, now: datetime
) -> tuple[list[Fit], Requirements]:
    """Free future slots that fit the person's current needs, best first, and the requirements."""
    wanted = requirements(current_needs(session=session, person_id=person.id))
    taken = exists().where(Booking.active_slot_id == Slot.id)
    query = select(Slot).where(Slot.withdrawn_at.is_(None), Slot.start_at > now, ~taken)
    if service:
        query = query.where(func.lower(Slot.service) == service.lower())
    slots = session.scalars(query.order_by(Slot.start_at, Slot.id).limit(CANDIDATES)).all()
    return rank(slots, wanted, limit), wanted


def _new_booking(
    session: Session, person: Person, slot: Slot, channel: str, moved_from: Booking | None
) -> Booking:
    """A new active booking of a slot that fits the person's needs (not yet flushed)."""
    fitted = fit(slot, requirements(current_needs(session=session, person_id=person.id)))
    if fitted is None:
        raise SlotUnsuitableError("That slot does not fit the person's recorded needs.")
    booking = Booking(
        slot_id=slot.id,
        active_slot_id=slot.id,
        person_id=person.id,
        organisation_id=slot.organisation_id,
        status=ACTIVE,
        channel=channel,
        interpreter_to_book=",".join(fitted.interpreter_to_book) or None,
        moved_from_id=moved_from.id if moved_from else None,
    )
    session.add(booking)
    return booking


def _event(session: Session, booking: Booking, kind: str) -> None:
    """A change event for the booking's organisation only."""
    session.add(
        ChangeEvent(person_id=booking.person_id, type=kind, organisation_id=booking.organisation_id)
    )


def book(*, session: Session, person: Person, slot_id: int, channel: str) -> tuple[Booking, bool]:
    """Book a slot and commit: (booking, created). Rebooking one's own slot returns it unchanged."""
    slot = _live_slot(session, slot_id, utcnow())
    booking = _new_booking(session, person, slot, channel, None)
    _event(session, booking, CREATED_EVENT)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        holder = session.scalar(select(Booking).where(Booking.active_slot_id == slot_id))
        if holder is not None and holder.person_id == person.id:
            return holder, False
        raise SlotGoneError("That slot was just booked by someone else.") from None
    return booking, True


def own_booking(session: Session, person: Person, booking_id: int) -> Booking:
    """The person's booking with this id, else NoSuchBookingError."""
    booking = session.get(Booking, booking_id)
    if booking is None or booking.person_id != person.id:
        raise NoSuchBookingError("No such booking for this number.")
    return booking


def _end(booking: Booking, status: str) -> None:
    """Mark a booking ended, freeing its slot."""
    booking.status, booking.active_slot_id, booking.ended_at = status, None, utcnow()


def move(
    *, session: Session, person: Person, booking_id: int, slot_id: int, channel: str
) -> Booking:
    """Move an active booking to another slot in one transaction; the old one stands if it fails."""
    old = own_booking(session, person, booking_id)
    if old.status != ACTIVE:
        raise SlotGoneError("That booking was already moved or cancelled.")
    if old.slot_id == slot_id:
        raise SlotUnsuitableError("The booking is already in that slot.")
    old_slot = session.get(Slot, old.slot_id)
    if old_slot is not None and as_utc(old_slot.start_at) <= utcnow():
        raise SlotGoneError("That appointment has already started or passed.")
    slot = _live_slot(session, slot_id, utcnow())
    _end(old, MOVED)
    session.flush()  # free the old slot before the new row claims the new one
    new = _new_booking(session, person, slot, channel, old)
    if new.organisation_id == old.organisation_id:
        _event(session, new, MOVED_EVENT)
    else:
        _event(session, old, CANCELLED_EVENT)
        _event(session, new, CREATED_EVENT)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise SlotGoneError("That slot was just booked by someone else.") from None
    return new


def cancel(*, session: Session, person: Person, booking_id: int) -> Booking:
    """Cancel a booking and commit (idempotent for one already cancelled)."""
    booking = own_booking(session, person, booking_id)
    if booking.status == MOVED:
        raise SlotGoneError("That booking was moved; cancel the new one.")
    if booking.status == ACTIVE:
        _end(booking, CANCELLED)
        _event(session, booking, CANCELLED_EVENT)
        session.commit()
    return booking


def active_bookings(
    *, session: Session, person_id: str, after: datetime | None = None
) -> list[Booking]:
    """The person's active bookings (those starting after `after`, if given), soonest first."""
    query = (
        select(Booking)
        .join(Slot, Slot.id == Booking.slot_id)
        .where(Booking.person_id == person_id, Booking.status == ACTIVE)
        .order_by(Slot.start_at, Booking.id)
    )
    if after is not None:
        query = query.where(Slot.start_at > after)
    return list(session.scalars(query))
