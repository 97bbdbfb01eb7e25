"""Reminders of bookings: when each is due (UK local time, the person's hours), sent once.

A booking is reminded the day before the appointment (its date in Europe/London), within the
hours the person asked to be contacted in, on the channel they prefer. The bot's scheduler asks
who is due, claims each reminder (a unique row per booking: a second scheduler is refused), sends
it and records the outcome — or releases the claim when Twilio could not be reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.codes import ACCESS_NEED
from api.core.db import as_utc
from api.core.local_time import UK_ZONE
from api.models.bookings import CLAIMED, BookingReminder
from api.models.tables import Booking, Need, Person, Slot
from api.people.records import current_needs

MIN_NOTICE = timedelta(hours=2)  # closer to the start than this, a reminder is no use
SNOMED = "http://snomed.info/sct"
# The hours (UK local time, [from, to)) each "best time" answer allows; otherwise DAYTIME.
DAYTIME = (time(9), time(20))
HOURS = {
    "contact-time-morning": (time(9), time(12)),
    "contact-time-afternoon": (time(12), time(17)),
    "contact-time-evening": (time(17), time(20)),
    "contact-time-any": DAYTIME,
}
WHATSAPP_PREFERRED = "contact-whatsapp"
SMS_PREFERRED = "936701000000103"


@dataclass(frozen=True)
class DueReminder:
    """A booking to remind its person of now, with how to reach them."""

    booking: Booking
    slot: Slot
    person: Person
    channels: tuple[str, ...]
    # The end of the person's hours today: a reminder still queued then is not sent late.
    send_by: datetime


def contact_hours(needs: list[Need]) -> tuple[time, time]:
    """The local hours the person may be contacted in (their "best time" answer)."""
    for need in needs:
        if need.code_system == ACCESS_NEED and need.code in HOURS:
            return HOURS[need.code]
    return DAYTIME


def channels_for(needs: list[Need], booked_on: str) -> tuple[str, ...]:
    """SMS or WhatsApp, preferred first: their "contact by" answer, then where they booked.

    Phone, letter and email are not sent from here; the number they text from always gets SMS.
    """
    preferred: list[str] = []
    for need in needs:
        if need.code_system == ACCESS_NEED and need.code == WHATSAPP_PREFERRED:
            preferred.append("whatsapp")
        elif need.code_system == SNOMED and need.code == SMS_PREFERRED:
            preferred.append("sms")
    if booked_on == "whatsapp":
        preferred.append("whatsapp")
    return tuple(dict.fromkeys([*preferred, "sms"]))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UK_ZONE)


def is_due(
    *, start: datetime, booked_at: datetime, hours: tuple[time, time], now: datetime
) -> bool:
    """Whether to remind now: from the day before (UK date), in their hours, 2 h notice.

    Bookings made on the day before or on the day itself get none: the confirmation was just
    sent. The day itself is only reached when the day before's hours were missed (an outage).
    """
    local_now = now.astimezone(UK_ZONE)
    day_before = start.astimezone(UK_ZONE).date() - timedelta(days=1)
    if booked_at >= _local_midnight(day_before) or now < _local_midnight(day_before):
        return False
    if now > start - MIN_NOTICE:
        return False
    return hours[0] <= local_now.time().replace(tzinfo=None) < hours[1]


def due_reminders(session: Session, *, now: datetime, limit: int = 200) -> list[DueReminder]:
    """Active bookings to remind now, never reminded (nor claimed) before."""
    reminded = select(BookingReminder.booking_id)
    rows = session.execute(
        select(Booking, Slot, Person)
        .join(Slot, Slot.id == Booking.slot_id)
        .join(Person, Person.id == Booking.person_id)
        .where(
            Booking.status == "active",
            Slot.start_at > now + MIN_NOTICE,
            Slot.start_at <= now + timedelta(days=3),
            Booking.id.not_in(reminded),
        )
        .order_by(Slot.start_at, Booking.id)
    ).all()
    due: list[DueReminder] = []
    for booking, slot, person in rows:
        needs = current_needs(session=session, person_id=person.id)
        start, booked_at = as_utc(slot.start_at), as_utc(booking.created_at)
        hours = contact_hours(needs)
        if is_due(start=start, booked_at=booked_at, hours=hours, now=now):
            until = datetime.combine(now.astimezone(UK_ZONE).date(), hours[1], UK_ZONE)
            channels = channels_for(needs, booking.channel)
            due.append(DueReminder(booking, slot, person, channels, until))
        if len(due) >= limit:
            break
    return due


def claim_reminder(session: Session, booking_id: int, now: datetime) -> BookingReminder | None:
    """Claim the booking's reminder and commit; None if it was already claimed or sent."""
    reminder = BookingReminder(booking_id=booking_id, status=CLAIMED, claimed_at=now)
    session.add(reminder)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return reminder


def reminder_of(session: Session, booking_id: int) -> BookingReminder | None:
    """The booking's reminder row, if claimed or sent."""
    return session.scalar(select(BookingReminder).where(BookingReminder.booking_id == booking_id))
