"""Call-back requests: a person asked for a human (or an interpreter) to ring them.

Staff of the organisations that run the front door (`shares_consented_needs`) see the open
requests, claim one and close it; every read and change is audited. A person has at most one
open request: asking again returns it rather than queueing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from api.crypto import LookupSecret, Secret
from api.db import utcnow
from api.models import Base

OPEN, CLAIMED, DONE = "open", "claimed", "done"
REASONS = ("asked", "interpreter", "struggling", "no_input")
CALL_BACK_WITHIN = timedelta(days=1)


class CallbackRequest(Base):
    """One request for a call, from asking to done."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)
    language: Mapped[str] = mapped_column(String(16))
    interpreter_language: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column()
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(Secret(), default=None)


def due_by(asked_at: datetime) -> datetime:
    """When we promise to call: one day later, moved past a weekend to Monday."""
    due = asked_at + CALL_BACK_WITHIN
    while due.weekday() >= 5:  # Saturday, Sunday
        due += timedelta(days=1)
    return due


def open_request_for(*, session: Session, phone_e164: str) -> CallbackRequest | None:
    """The person's request that nobody has finished yet, if any."""
    return session.scalar(
        select(CallbackRequest)
        .where(CallbackRequest.phone_e164 == phone_e164, CallbackRequest.status != DONE)
        .limit(1)
    )


def request_callback(
    *,
    session: Session,
    phone_e164: str,
    language: str,
    interpreter_language: str | None,
    reason: str,
    channel: str,
) -> CallbackRequest:
    """Queue a call-back, or return the one already waiting."""
    existing = open_request_for(session=session, phone_e164=phone_e164)
    if existing is not None:
        return existing
    now = utcnow()
    request = CallbackRequest(
        phone_e164=phone_e164,
        language=language,
        interpreter_language=interpreter_language,
        reason=reason,
        channel=channel,
        created_at=now,
        due_at=due_by(now),
    )
    session.add(request)
    session.flush()
    return request
