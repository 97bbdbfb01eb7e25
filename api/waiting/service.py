"""The waiting list: providers mark people waiting; check-in answers alert them when worse."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.models.tables import ChangeEvent, CheckIn, Organisation, Person, WaitingEntry
from api.people.schemas import Channel, LanguageCode, PhoneNumber

WORSE_EVENT = "wellbeing.worse"
Answer = Literal["same", "worse", "help_now"]
ALERTING: frozenset[str] = frozenset({"worse", "help_now"})


class WaitingIn(BaseModel):
    """Mark a person as waiting."""

    referral: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    expected_wait_weeks: int = Field(ge=0, le=520)


class WaitingOut(BaseModel):
    """A waiting-list entry."""

    id: int
    person_id: str
    referral: str
    expected_wait_weeks: int
    since: datetime
    ended: bool


class CheckInIn(BaseModel):
    """A waiting person's answer to "How are you while you wait?"."""

    phone: PhoneNumber
    answer: Answer
    channel: Channel
    language: LanguageCode


class CheckInOut(BaseModel):
    """What happened to the answer."""

    recorded: bool
    waiting: bool = Field(description="Whether the person is on any waiting list")
    alerted_organisations: int = Field(description="Providers told (worse or help_now)")


class WaitingForBot(BaseModel):
    """An active waiting entry, for scheduling check-ins (the scheduler belongs to the bot)."""

    id: int
    phone: str
    language: str
    organisation: str
    referral: str
    expected_wait_weeks: int
    since: datetime
    last_check_in_at: datetime | None


def mark_waiting(
    *, session: Session, person: Person, organisation_id: int, body: WaitingIn
) -> WaitingEntry:
    """Add a waiting-list entry; the caller commits."""
    entry = WaitingEntry(
        person_id=person.id,
        organisation_id=organisation_id,
        referral=body.referral,
        expected_wait_weeks=body.expected_wait_weeks,
    )
    session.add(entry)
    session.flush()
    return entry


def active_waiting(session: Session, person_id: str | None = None) -> list[WaitingEntry]:
    """Active waiting entries (of one person, or all), oldest first."""
    query = select(WaitingEntry).where(WaitingEntry.ended_at.is_(None))
    if person_id is not None:
        query = query.where(WaitingEntry.person_id == person_id)
    return list(session.scalars(query.order_by(WaitingEntry.id)))


def record_check_in(*, session: Session, person: Person, body: CheckInIn) -> CheckInOut:
    """Store the answer and, when worse or help now, alert each provider the person waits for."""
    session.add(
        CheckIn(
            person_id=person.id, answer=body.answer, channel=body.channel, language=body.language
        )
    )
    organisations = {entry.organisation_id for entry in active_waiting(session, person.id)}
    alerted = sorted(organisations) if body.answer in ALERTING else []
    for organisation_id in alerted:
        session.add(
            ChangeEvent(person_id=person.id, type=WORSE_EVENT, organisation_id=organisation_id)
        )
    session.commit()
    return CheckInOut(
        recorded=True, waiting=bool(organisations), alerted_organisations=len(alerted)
    )


def waiting_for_bot(
    session: Session, person_id: str | None
) -> list[tuple[WaitingEntry, Person, Organisation, datetime | None]]:
    """Active entries with the person, organisation and the person's last check-in time."""
    last = (
        select(func.max(CheckIn.recorded_at))
        .where(CheckIn.person_id == WaitingEntry.person_id)
        .scalar_subquery()
    )
    query = (
        select(WaitingEntry, Person, Organisation, last)
        .join(Person, Person.id == WaitingEntry.person_id)
        .join(Organisation, Organisation.id == WaitingEntry.organisation_id)
        .where(WaitingEntry.ended_at.is_(None))
        .order_by(WaitingEntry.id)
    )
    if person_id is not None:
        query = query.where(WaitingEntry.person_id == person_id)
    return [tuple(row) for row in session.execute(query).all()]  # type: ignore[misc]
