"""Twilio status callbacks for queued messages: their state, and what a failure leads to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.outbound import ABANDONED, DELIVERED, FAILED, SENDING, SENT, OutboundMessage
from api.outbound.failures import follow_up

# Twilio's message statuses, as our states (queued/accepted/sending: still on its way).
STATES = {"sent": SENT, "delivered": DELIVERED, "read": DELIVERED,
          "undelivered": FAILED, "failed": FAILED}  # fmt: skip
# A later state never goes back to an earlier one (callbacks can arrive out of order).
RANK = {SENDING: 0, ABANDONED: 0, SENT: 1, DELIVERED: 2, FAILED: 2}


def apply_status(session: Session, message_sid: str, status: str, error_code: str | None) -> None:
    """Record a status Twilio reported for a queued message (flushed, not committed)."""
    message = session.scalar(
        select(OutboundMessage).where(OutboundMessage.twilio_sid == message_sid)
    )
    state = STATES.get(status)
    if message is None or state is None or RANK.get(message.state, 0) >= RANK[state]:
        return
    message.state = state
    if state == FAILED:
        message.error_code = error_code
        follow_up(session, message, error_code)
