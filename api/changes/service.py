"""The changes feed: an event row whenever a person's needs or consent change.

Events are written by a `before_flush` listener on the app's session factory, so every writer
(the assessment endpoint, consent withdrawal, later ones) feeds it without knowing about it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, event, exists, inspect, or_, select
from sqlalchemy.orm import Session, sessionmaker

from api.models.representatives import Representative
from api.models.tables import Booking, ChangeEvent, Consent, Need, Organisation
from api.people.organisation_consent import withdrawn_here

WITHDRAWN = "consent.withdrawn"
ERASED = "person.erased"
# Events that tell a former reader to forget the person: shown with an id only, consent or not.
FORGET = (WITHDRAWN, ERASED)


def _changes_in(session: Session) -> list[tuple[str, str]]:
    """(person id, change type) of what this flush writes, without repeats."""
    found: list[tuple[str, str]] = []
    for obj in session.new:
        if isinstance(obj, Need | Representative):  # who acts for them is in the needs body
            found.append((obj.person_id, "needs.changed"))
        elif isinstance(obj, Consent) and obj.granted:
            found.append((obj.person_id, "consent.granted"))
    for obj in session.dirty:
        if isinstance(obj, Representative) and inspect(obj).attrs.status.history.has_changes():
            found.append((obj.person_id, "needs.changed"))
        if isinstance(obj, Consent) and obj.withdrawn_at is not None:
            history = inspect(obj).attrs.withdrawn_at.history
            if history.has_changes():
                found.append((obj.person_id, WITHDRAWN))
    return list(dict.fromkeys(found))


def _record_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Add a change event for each person whose needs or consent this flush changes."""
    for person_id, change_type in _changes_in(session):
        session.add(ChangeEvent(person_id=person_id, type=change_type))


def install_change_tracking(factory: sessionmaker[Session]) -> None:
    """Make sessions from this factory write change events (idempotent)."""
    if not event.contains(factory, "before_flush", _record_changes):
        event.listen(factory, "before_flush", _record_changes)


def visible_changes(organisation: Organisation, *, after: int) -> Select[tuple[ChangeEvent]]:
    """Events after a position that the organisation may see, oldest first.

    While a person's consent stands, an organisation sees the events of people it may see
    (it receives consented needs, or the person has an active booking with it) and the events
    addressed to it alone (its bookings, its waiting list). Withdrawals and erasures (an id only:
    delete what you copied) go to every organisation that receives consented needs or ever had
    a booking of the person.
    """
    query = select(ChangeEvent).where(ChangeEvent.id > after).order_by(ChangeEvent.id)
    consent_stands = exists().where(
        Consent.person_id == ChangeEvent.person_id,
        Consent.granted.is_(True),
        Consent.withdrawn_at.is_(None),
    )
    booked_here = exists().where(
        Booking.person_id == ChangeEvent.person_id, Booking.organisation_id == organisation.id
    )
    active_here = booked_here.where(Booking.active_slot_id.is_not(None))
    forget = ChangeEvent.type.in_(FORGET)
    # Consent withdrawn for this organisation alone (api/people/organisation_consent.py) hides the
    # person here; the withdrawal event itself is addressed to it, to be seen.
    consent_stands = and_(consent_stands, ~withdrawn_here(ChangeEvent.person_id, organisation.id))
    if organisation.shares_consented_needs:
        broad = or_(forget, consent_stands)
    else:
        broad = or_(and_(forget, booked_here), and_(active_here, consent_stands))
    addressed = and_(ChangeEvent.organisation_id == organisation.id, or_(forget, consent_stands))
    return query.where(or_(addressed, and_(ChangeEvent.organisation_id.is_(None), broad)))
