"""The changes feed: an event row whenever a person's needs or consent change.

Events are written by a `before_flush` listener on the app's session factory, so every writer
(the assessment endpoint, consent withdrawal, later ones) feeds it without knowing about it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, event, exists, inspect, or_, select
from sqlalchemy.orm import Session, sessionmaker

from api.models import ChangeEvent, Consent, Need, Organisation

WITHDRAWN = "consent.withdrawn"
ERASED = "person.erased"
# Events that tell a former reader to forget the person: shown with an id only, consent or not.
FORGET = (WITHDRAWN, ERASED)


def _changes_in(session: Session) -> list[tuple[str, str]]:
    """(person id, change type) of what this flush writes, without repeats."""
    found: list[tuple[str, str]] = []
    for obj in session.new:
        if isinstance(obj, Need):
            found.append((obj.person_id, "needs.changed"))
        elif isinstance(obj, Consent) and obj.granted:
            found.append((obj.person_id, "consent.granted"))
    for obj in session.dirty:
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

    An organisation that receives consented needs sees events of people whose consent stands,
    and withdrawals and erasures (only an id: it must delete what it copied). Others see nothing.
    """
    query = select(ChangeEvent).where(ChangeEvent.id > after).order_by(ChangeEvent.id)
    if not organisation.shares_consented_needs:
        return query.where(ChangeEvent.id < 0)
    consent_stands = exists().where(
        Consent.person_id == ChangeEvent.person_id,
        Consent.granted.is_(True),
        Consent.withdrawn_at.is_(None),
    )
    return query.where(or_(ChangeEvent.type.in_(FORGET), consent_stands))
