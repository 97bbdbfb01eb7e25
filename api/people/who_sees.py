"""WHO SEES and WHO READ: the organisations that can see a person's needs (and how they came to),
and the organisations that read the record lately, from the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.db import as_utc, utcnow
from api.models.tables import AuditEvent, Booking, Organisation, WaitingEntry
from api.people.organisation_consent import is_withdrawn_for
from api.people.records import current_consent

# How an organisation came to see the person, strongest first.
BOOKING, REFERRAL, CHOICE = "booking", "referral", "choice"
READ_WINDOW = timedelta(days=90)
# Provider reads of one person's record that succeeded (searches that found them included).
READ_ACTIONS = (
    "needs.read",
    "history.read",
    "fhir.patient.read",
    "fhir.patient.search",
    "fhir.flag.search",
    "fhir.consent.search",
    "people.search",
    "bookings.read",
    "observed_need.read",
)
READ_OUTCOMES = ("ok", "found", "not_modified")


@dataclass(frozen=True)
class Seer:
    """One organisation that can see the person (or could, but the person stopped it)."""

    ods_code: str
    name: str
    how: str
    stopped: bool


@dataclass(frozen=True)
class Reader:
    """One organisation that read the record: when last, and how many times, in the window."""

    ods_code: str
    name: str
    last_read_at: datetime
    reads: int


def _booked_with(session: Session, person_id: str) -> set[int]:
    rows = session.scalars(
        select(Booking.organisation_id).where(
            Booking.person_id == person_id, Booking.active_slot_id.is_not(None)
        )
    )
    return set(rows)


def _referred_by(session: Session, person_id: str) -> set[int]:
    rows = session.scalars(
        select(WaitingEntry.organisation_id).where(
            WaitingEntry.person_id == person_id, WaitingEntry.ended_at.is_(None)
        )
    )
    return set(rows)


def who_sees(session: Session, person_id: str) -> list[Seer]:
    """The organisations the person's consent lets see them, in a stable order (the numbers the
    person answers with), each with how it came to see them; stopped ones stay listed so they
    can be allowed again. Nobody while consent does not stand (api/people/access.py)."""
    if current_consent(session=session, person_id=person_id) is None:
        return []
    booked = _booked_with(session, person_id)
    referred = _referred_by(session, person_id)
    organisations = session.scalars(
        select(Organisation)
        .where(Organisation.shares_consented_needs.is_(True) | Organisation.id.in_(booked))
        .order_by(Organisation.id)
    )
    seers = []
    for organisation in organisations:
        how = (
            BOOKING
            if organisation.id in booked
            else REFERRAL
            if organisation.id in referred
            else CHOICE
        )
        stopped = is_withdrawn_for(session, person_id=person_id, organisation_id=organisation.id)
        seers.append(Seer(organisation.ods_code, organisation.name, how, stopped))
    return seers


def who_read(session: Session, person_id: str, now: datetime | None = None) -> list[Reader]:
    """Organisations whose reads of the record the audit holds from the last 90 days, most
    recent first."""
    since = (now or utcnow()) - READ_WINDOW
    rows = session.execute(
        select(
            Organisation.ods_code,
            Organisation.name,
            func.max(AuditEvent.at),
            func.count(AuditEvent.id),
        )
        .join(Organisation, Organisation.id == AuditEvent.organisation_id)
        .where(
            AuditEvent.person_id == person_id,
            AuditEvent.at >= since,
            AuditEvent.action.in_(READ_ACTIONS),
            AuditEvent.outcome.in_(READ_OUTCOMES),
        )
        .group_by(Organisation.id, Organisation.ods_code, Organisation.name)
        .order_by(func.max(AuditEvent.at).desc())
    )
    return [Reader(ods, name, as_utc(last), int(count)) for ods, name, last, count in rows]
