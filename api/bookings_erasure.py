"""What erasure does to bookings, waiting, check-ins and feedback of a person."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from api.db import utcnow
from api.models import Booking, CheckIn, FeedbackAnswer, WaitingEntry


def erase_bookings_and_answers(*, session: Session, person_id: str) -> None:
    """Cancel active bookings (freeing the slots), end waiting, drop check-ins, and unlink
    feedback (kept, anonymous, for the equity counts); the caller commits."""
    now = utcnow()
    for booking in session.scalars(
        select(Booking).where(Booking.person_id == person_id, Booking.status == "active")
    ):
        booking.status, booking.active_slot_id, booking.ended_at = "cancelled", None, now
    session.execute(
        update(WaitingEntry)
        .where(WaitingEntry.person_id == person_id, WaitingEntry.ended_at.is_(None))
        .values(ended_at=now)
    )
    session.execute(delete(CheckIn).where(CheckIn.person_id == person_id))
    session.execute(
        update(FeedbackAnswer).where(FeedbackAnswer.person_id == person_id).values(person_id=None)
    )
