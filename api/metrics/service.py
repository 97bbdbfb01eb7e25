"""Equity measures: who reaches the front door, completes, books and what they say, split by
channel, language or need, over time. Counts only; suppression is applied in api/metrics/cells.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import as_utc
from api.models.tables import Booking, Consent, FeedbackAnswer, Need, Person

By = Literal["channel", "language", "need"]
Interval = Literal["none", "week", "month"]
UNKNOWN = "unknown"
NO_NEEDS = "no needs recorded"


@dataclass(frozen=True)
class Happening:
    """One thing that happened, to be counted: a measure, when, who (if known), its own group."""

    measure: str
    at: datetime
    person_id: str | None
    own_group: dict[str, str]


def period_start(moment: datetime, interval: Interval) -> str:
    """The ISO date that starts the moment's period ("" when not split over time)."""
    day = as_utc(moment).date()
    if interval == "week":
        return (day - timedelta(days=day.weekday())).isoformat()
    if interval == "month":
        return day.replace(day=1).isoformat()
    return ""


def _people(session: Session, start: datetime, end: datetime) -> Iterator[Happening]:
    """Contacts (people created) and completed assessments (answers confirmed) in the range."""
    for person in session.scalars(select(Person)):
        if start <= as_utc(person.created_at) < end:
            yield Happening("contacts", person.created_at, person.id, {})
        if person.confirmed_at and start <= as_utc(person.confirmed_at) < end:
            yield Happening("assessments_completed", person.confirmed_at, person.id, {})


def _bookings(session: Session, start: datetime, end: datetime) -> Iterator[Happening]:
    """New bookings (not moves) made in the range, by the channel they were made on."""
    query = select(Booking).where(
        Booking.moved_from_id.is_(None), Booking.created_at >= start, Booking.created_at < end
    )
    for booking in session.scalars(query):
        yield Happening(
            "bookings", booking.created_at, booking.person_id, {"channel": booking.channel}
        )


def _needs(session: Session, start: datetime, end: datetime) -> Iterator[Happening]:
    """People with a current need of each kind recorded in the range (one per person and kind)."""
    query = select(Need).where(
        Need.superseded_at.is_(None), Need.recorded_at >= start, Need.recorded_at < end
    )
    seen: set[tuple[str, str]] = set()
    for need in session.scalars(query.order_by(Need.id)):
        if (need.person_id, need.kind) not in seen:
            seen.add((need.person_id, need.kind))
            yield Happening(f"needs:{need.kind}", need.recorded_at, need.person_id, {})


def _feedback(session: Session, start: datetime, end: datetime) -> Iterator[Happening]:
    """I-statement answers given in the range, by their own language and channel."""
    query = select(FeedbackAnswer).where(
        FeedbackAnswer.recorded_at >= start, FeedbackAnswer.recorded_at < end
    )
    for row in session.scalars(query):
        yield Happening(
            f"feedback:{row.statement_id}:{row.answer}",
            row.recorded_at,
            row.person_id,
            {"channel": row.channel, "language": row.language},
        )


def _first_channels(session: Session) -> dict[str, str]:
    """Each person's first channel: of their first consent answer, else of their first need."""
    channels: dict[str, str] = {}
    for person_id, channel in session.execute(
        select(Need.person_id, Need.source_channel).order_by(Need.id.desc())
    ):
        channels[person_id] = channel
    for person_id, channel in session.execute(
        select(Consent.person_id, Consent.channel).order_by(Consent.id.desc())
    ):
        channels[person_id] = channel
    return channels


def _need_labels(session: Session) -> dict[str, list[str]]:
    """Each person's current needs as "kind: display" labels."""
    labels: dict[str, list[str]] = {}
    for need in session.scalars(select(Need).where(Need.superseded_at.is_(None)).order_by(Need.id)):
        label = f"{need.kind}: {need.value_display or need.display}"
        labels.setdefault(need.person_id, []).append(label)
    return labels


def grouper(session: Session, by: By) -> Callable[[Happening], list[str]]:
    """How to find the groups of a happening for this split."""
    if by == "need":
        labels = _need_labels(session)
        return lambda h: labels.get(h.person_id or "", [NO_NEEDS if h.person_id else UNKNOWN])
    if by == "channel":
        channels = _first_channels(session)
        return lambda h: [h.own_group.get("channel") or channels.get(h.person_id or "", UNKNOWN)]
    languages = dict(session.execute(select(Person.id, Person.language)).tuples().all())
    return lambda h: [h.own_group.get("language") or languages.get(h.person_id or "", UNKNOWN)]


def happenings(session: Session, start: datetime, end: datetime) -> Iterable[Happening]:
    """Everything counted in the range."""
    for source in (_people, _bookings, _needs, _feedback):
        yield from source(session, start, end)


SPLITS: tuple[By, ...] = ("channel", "language", "need")
# (measure, period, channel groups, language groups, need groups) of one happening.
Atom = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def atoms(session: Session, *, start: date, end: date, interval: Interval) -> Counter[Atom]:
    """Everything counted over whole UTC days from start to end inclusive, with its groups in
    every split (so the splits can be protected together: they cut the same happenings)."""
    begin = datetime.combine(start, time.min, tzinfo=UTC)
    finish = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
    groupers = [grouper(session, by) for by in SPLITS]
    found: Counter[Atom] = Counter()
    for happening in happenings(session, begin, finish):
        channel, language, need = (tuple(sorted(set(g(happening)))) for g in groupers)
        found[
            (happening.measure, period_start(happening.at, interval), channel, language, need)
        ] += 1
    return found
