"""When to ask a waiting person "How are you while you wait?", and what we already asked.

The schedule lives in the database, not in a process: the bot's scheduler asks who is due, claims
each prompt (a second scheduler instance is refused), triggers it, and releases the claim if the
trigger failed — so restarting anything loses no check-in and none is sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.db import as_utc
from api.messaging.service import opted_out_anywhere
from api.models.tables import Person
from api.models.waiting import CheckInPrompt
from api.people.organisation_consent import is_withdrawn_for
from api.people.records import current_consent
from api.waiting.service import waiting_for_bot


@dataclass(frozen=True)
class DueCheckIn:
    """A waiting person to ask now."""

    phone: str
    language: str
    organisation: str


def last_prompted(session: Session, person_id: str) -> datetime | None:
    """When we last asked this person how they are."""
    latest = session.scalar(
        select(func.max(CheckInPrompt.sent_at)).where(CheckInPrompt.person_id == person_id)
    )
    return as_utc(latest) if latest else None


class NotToBeAskedError(Exception):
    """The person withdrew consent (for everyone, or for every organisation they wait with)."""


def may_ask(session: Session, person_id: str, organisation_id: int) -> bool:
    """Whether we may ask the person on behalf of this organisation: their consent stands and
    was not withdrawn for it (a check-in shares the answer with that organisation)."""
    if current_consent(session=session, person_id=person_id) is None:
        return False
    return not is_withdrawn_for(session, person_id=person_id, organisation_id=organisation_id)


def due_check_ins(session: Session, *, every: timedelta, now: datetime) -> list[DueCheckIn]:
    """People waiting whose last prompt, answer or start of waiting is `every` ago or more."""
    due: dict[str, DueCheckIn] = {}
    for entry, person, organisation, last_answer in waiting_for_bot(session, None):
        if not may_ask(session, person.id, organisation.id):
            continue
        # After STOP we start nothing (bot/outbound.py refuses too): not even a silent turn.
        if opted_out_anywhere(session=session, phone_e164=person.phone_e164):
            continue
        moments = [as_utc(entry.created_at), last_prompted(session, person.id)]
        moments.append(as_utc(last_answer) if last_answer else None)
        latest = max(moment for moment in moments if moment is not None)
        if now - latest >= every and person.phone_e164 not in due:
            due[person.phone_e164] = DueCheckIn(
                person.phone_e164, person.language, organisation.name
            )
    return list(due.values())


def claim_prompt(
    session: Session, *, person: Person, channel: str, every: timedelta, now: datetime
) -> CheckInPrompt | None:
    """Record that we are asking now, unless someone already did within `every`;
    NotToBeAskedError when no organisation they wait with may have the answer any more."""
    waits = waiting_for_bot(session, person.id)
    if waits and not any(may_ask(session, person.id, org.id) for _e, _p, org, _a in waits):
        raise NotToBeAskedError
    last = last_prompted(session, person.id)
    if last is not None and now - last < every:
        return None
    prompt = CheckInPrompt(person_id=person.id, channel=channel, sent_at=now)
    session.add(prompt)
    session.flush()
    return prompt
