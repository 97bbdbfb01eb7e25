"""What erasure does to bookings, reminders, waiting, check-ins and feedback of a person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from api.models.bookings import BookingReminder
from api.models.tables import Booking, CheckIn, FeedbackAnswer, Organisation, WaitingEntry
from api.models.waiting import CheckInPrompt

QUICK = {"synchronize_session": False}


def organisations_involved(*, session: Session, person_id: str) -> set[int]:
    """Organisations that booked the person or listed them as waiting (they must hear of it)."""
    booked = select(Booking.organisation_id).where(Booking.person_id == person_id)
    waiting = select(WaitingEntry.organisation_id).where(WaitingEntry.person_id == person_id)
    return set(session.scalars(booked.union(waiting)))


def keep_feedback_unlinked(*, session: Session, person_id: str | None, bookings: list[int]) -> None:
    """Feedback stays for the anonymous measures only with no person, no booking, day only."""
    linked = [FeedbackAnswer.booking_id.in_(bookings)] if bookings else []
    if person_id is not None:
        linked.append(FeedbackAnswer.person_id == person_id)
    if not linked:
        return
    for answer in session.scalars(select(FeedbackAnswer).where(or_(*linked))):
        answer.person_id, answer.booking_id = None, None
        answer.recorded_at = _day_of(answer.recorded_at)
    session.flush()


def _day_of(moment: datetime) -> datetime:
    """Midnight of the day: an exact time could be matched against other records."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def delete_bookings(*, session: Session, booking_ids: list[int]) -> None:
    """Delete bookings with their reminders (their slots are free again); the caller commits."""
    if not booking_ids:
        return
    keep_feedback_unlinked(session=session, person_id=None, bookings=booking_ids)
    session.execute(delete(BookingReminder).where(BookingReminder.booking_id.in_(booking_ids)),
                    execution_options=QUICK)  # fmt: skip
    session.execute(
        update(Booking).where(Booking.moved_from_id.in_(booking_ids)).values(moved_from_id=None),
        execution_options=QUICK,
    )
    session.execute(delete(Booking).where(Booking.id.in_(booking_ids)), execution_options=QUICK)


def erase_bookings_and_answers(*, session: Session, person_id: str) -> None:
    """Delete the person's bookings (freeing the slots), reminders, waiting entries, check-ins
    and prompts; keep their feedback only fully unlinked. The caller commits."""
    keep_feedback_unlinked(session=session, person_id=person_id, bookings=[])
    bookings = list(session.scalars(select(Booking.id).where(Booking.person_id == person_id)))
    delete_bookings(session=session, booking_ids=bookings)
    for model in (WaitingEntry, CheckIn, CheckInPrompt):
        session.execute(delete(model).where(model.person_id == person_id), execution_options=QUICK)


def not_sharing(session: Session, organisation_ids: set[int]) -> list[int]:
    """Those of the organisations that do not receive consented needs."""
    if not organisation_ids:
        return []
    return list(
        session.scalars(
            select(Organisation.id).where(
                Organisation.id.in_(organisation_ids),
                Organisation.shares_consented_needs.is_(False),
            )
        )
    )
