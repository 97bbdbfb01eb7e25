"""The outbound queue in the database (the default store): enqueue once per idempotency key,
take due messages, and commit `sending` before each send so a restart never sends twice."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.outbound import ABANDONED, QUEUED, SENDING, SENT, OutboundMessage

INTERRUPTED = "interrupted"  # error_code of a message a stopped worker may or may not have sent
EXPIRED = "expired"  # error_code of a message that waited past its last moment
NO_CHANNEL = "no_channel"  # error_code when no channel of the person can take it now


def enqueue(
    session: Session,
    *,
    key: str,
    purpose: str,
    phone: str,
    language: str,
    channels: Sequence[str],
    body: str | None = None,
    response: str | None = None,
    arguments: Mapping[str, Any] | None = None,
    whatsapp_last_inbound_at: datetime | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    priority: int = 0,
) -> tuple[OutboundMessage, bool]:
    """Queue a message (committed); (the message, True) or the one already queued under the key."""
    existing = by_key(session, key)
    if existing is not None:
        return existing, False
    message = OutboundMessage(
        idempotency_key=key, purpose=purpose, phone_e164=phone, language=language,
        channels=",".join(dict.fromkeys(channels)), body=body, response=response,
        arguments=None if arguments is None else json.dumps(arguments),
        whatsapp_last_inbound_at=whatsapp_last_inbound_at, not_before=not_before or utcnow(),
        not_after=not_after, priority=priority,
    )  # fmt: skip
    session.add(message)
    try:
        session.commit()
    except IntegrityError:  # the same key, queued at the same moment by another caller
        session.rollback()
        existing = by_key(session, key)
        assert existing is not None
        return existing, False
    return message, True


def by_key(session: Session, key: str) -> OutboundMessage | None:
    """The message queued under this idempotency key."""
    return session.scalar(select(OutboundMessage).where(OutboundMessage.idempotency_key == key))


def due(session: Session, now: datetime, limit: int) -> list[OutboundMessage]:
    """Queued messages whose time has come, the most urgent first, then the oldest."""
    query = (
        select(OutboundMessage)
        .where(OutboundMessage.state == QUEUED, OutboundMessage.not_before <= now)
        .order_by(OutboundMessage.priority.desc(), OutboundMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def start_sending(session: Session, message_id: int, worker_id: str | None = None) -> bool:
    """Mark a queued message `sending` and commit, before Twilio hears of it; False if another
    worker took it first (or it is no longer queued)."""
    taken = session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id == message_id, OutboundMessage.state == QUEUED)
        .values(state=SENDING, worker_id=worker_id, updated_at=utcnow())
        .execution_options(synchronize_session=False)  # the caller sets the row's final state
    )
    session.commit()
    return bool(taken.rowcount)  # type: ignore[attr-defined]


def finish(session: Session, message: OutboundMessage, state: str, **values: Any) -> None:
    """Record the outcome of a send (committed)."""
    message.state = state
    for name, value in values.items():
        setattr(message, name, value)
    if state == SENT:
        message.sent_at = utcnow()
    session.commit()


def abandon_interrupted(session: Session, alive: set[str] | None = None) -> int:
    """Messages left `sending` by a worker that stopped mid-send are never sent again (Twilio
    may have them); they are recorded as abandoned. With `alive` (several workers), only those
    of workers not in it. How many."""
    interrupted = OutboundMessage.state == SENDING
    if alive is not None:
        interrupted = interrupted & (
            OutboundMessage.worker_id.is_(None) | OutboundMessage.worker_id.not_in(alive)
        )
    result = session.execute(
        update(OutboundMessage)
        .where(interrupted)
        .values(state=ABANDONED, error_code=INTERRUPTED, updated_at=utcnow())
    )
    session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def requeue(session: Session, message: OutboundMessage, seconds: int) -> None:
    """Put back a message Twilio never received, to try again a little later (committed)."""
    later = utcnow() + timedelta(seconds=seconds)
    session.execute(  # by statement: the row in memory may still say "queued"
        update(OutboundMessage)
        .where(OutboundMessage.id == message.id)
        .values(state=QUEUED, not_before=later, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.commit()


def fallback_of(session: Session, message_id: int) -> OutboundMessage | None:
    """The message that replaced this one after it failed, if any."""
    return session.scalar(select(OutboundMessage).where(OutboundMessage.fallback_of == message_id))
