"""Retention of what people's bookings, waiting and answers leave behind, and of the feed.

Each rule deletes rows past their time (periods in `RetentionPolicy`, settings in README) and
counts them; nothing here is about a person's consent (api/retention/service.py erases withdrawn

people).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from api.bookings.erasure import delete_bookings
from api.changes.webhook_delivery import PENDING
from api.models.bookings import BookingReminder
from api.models.tables import (
    Booking,
    ChangeEvent,
    CheckIn,
    FeedbackAnswer,
    Slot,
    WaitingEntry,
    WebhookDelivery,
)
from api.models.waiting import CheckInPrompt
from api.retention.policy import RetentionPolicy

QUICK = {"synchronize_session": False}  # no in-Python matching (SQLite datetimes are naive)
Count = Callable[[str, int], None]


def _delete(session: Session, model: type, *where: ColumnElement[bool]) -> int:
    return session.execute(delete(model).where(*where), execution_options=QUICK).rowcount or 0


def purge_bookings(session: Session, *, cutoff: datetime, count: Count) -> None:
    """Bookings whose appointment ended, or that were moved or cancelled, before the cutoff."""
    ended = select(Slot.id).where(Slot.end_at < cutoff)
    query = select(Booking.id).where(or_(Booking.slot_id.in_(ended), Booking.ended_at < cutoff))
    old = list(session.scalars(query))
    if old:
        reminders = select(func.count()).where(BookingReminder.booking_id.in_(old))
        count("booking_reminders", session.scalar(reminders) or 0)
    delete_bookings(session=session, booking_ids=old)
    count("bookings", len(old))


def purge_reminders(session: Session, *, cutoff: datetime, now: datetime, count: Count) -> None:
    """Reminders finished before the cutoff whose appointment has passed (never sent twice)."""
    passed = select(Booking.id).join(Slot, Slot.id == Booking.slot_id).where(Slot.start_at < now)
    done = func.coalesce(BookingReminder.finished_at, BookingReminder.claimed_at)
    gone = _delete(session, BookingReminder, done < cutoff, BookingReminder.booking_id.in_(passed))
    count("booking_reminders", gone)


def purge_waiting(session: Session, *, cutoff: datetime, count: Count) -> None:
    """Waiting entries that ended before the cutoff (open ones stay however old)."""
    count("waiting_entries", _delete(session, WaitingEntry, WaitingEntry.ended_at < cutoff))


def purge_check_ins(session: Session, *, cutoff: datetime, count: Count) -> None:
    """Check-in answers and prompts older than the cutoff; the newest prompt of someone still
    waiting stays, because the schedule counts from it."""
    count("check_ins", _delete(session, CheckIn, CheckIn.recorded_at < cutoff))
    newest = select(func.max(CheckInPrompt.id)).group_by(CheckInPrompt.person_id)
    waiting = exists().where(
        WaitingEntry.person_id == CheckInPrompt.person_id, WaitingEntry.ended_at.is_(None)
    )
    old = select(CheckInPrompt.id).where(
        CheckInPrompt.sent_at < cutoff, or_(CheckInPrompt.id.not_in(newest), ~waiting)
    )
    ids = list(session.scalars(old))
    count("check_in_prompts", _delete(session, CheckInPrompt, CheckInPrompt.id.in_(ids)))


def purge_feedback(session: Session, *, cutoff: datetime, count: Count) -> None:
    """Feedback answers recorded before the cutoff."""
    count("feedback_answers", _delete(session, FeedbackAnswer, FeedbackAnswer.recorded_at < cutoff))


def purge_feed(
    session: Session, *, events_cutoff: datetime, deliveries_cutoff: datetime, count: Count
) -> None:
    """Finished webhook deliveries, then change events (with any delivery left) past their time."""
    finished = func.coalesce(WebhookDelivery.delivered_at, WebhookDelivery.next_attempt_at)
    gone = _delete(session, WebhookDelivery, WebhookDelivery.status != PENDING,
                   finished < deliveries_cutoff)  # fmt: skip
    old = select(ChangeEvent.id).where(ChangeEvent.at < events_cutoff)
    gone += _delete(session, WebhookDelivery, WebhookDelivery.event_id.in_(old))
    count("webhook_deliveries", gone)
    count("change_events", _delete(session, ChangeEvent, ChangeEvent.at < events_cutoff))


def purge_activity(
    session: Session, *, policy: RetentionPolicy, now: datetime, count: Count
) -> None:
    """Apply every rule above with the policy's periods; the caller commits."""

    def before(days: int) -> datetime:
        return now - timedelta(days=days)

    purge_bookings(session, cutoff=before(policy.bookings_days), count=count)
    purge_reminders(session, cutoff=before(policy.reminders_days), now=now, count=count)
    purge_waiting(session, cutoff=before(policy.closed_waiting_days), count=count)
    purge_check_ins(session, cutoff=before(policy.check_ins_days), count=count)
    purge_feedback(session, cutoff=before(policy.feedback_days), count=count)
    purge_feed(
        session,
        events_cutoff=before(policy.change_events_days),
        deliveries_cutoff=before(policy.webhook_deliveries_days),
        count=count,
    )
