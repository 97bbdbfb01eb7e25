"""Contact preferences and delivery status: who may be messaged where, and what arrived."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.models.tables import ContactPreference, MessageStatusEvent

CHANNELS = ("sms", "whatsapp", "voice")
# Twilio statuses after which the message did not reach the person.
NOT_DELIVERED = ("undelivered", "failed")


@dataclass(frozen=True)
class ChannelState:
    """One channel of one number: opted out?, and the last delivery status we heard."""

    opted_out: bool
    last_status: str | None
    last_error_code: str | None

    @property
    def reachable(self) -> bool:
        """False when opted out or the last message we sent did not arrive."""
        return not self.opted_out and self.last_status not in NOT_DELIVERED


def set_opted_out(*, session: Session, phone_e164: str, channel: str, opted_out: bool) -> None:
    """Record STOP (opted_out=True) or START for a number on a channel."""
    preference = session.scalar(
        select(ContactPreference).where(
            ContactPreference.phone_e164 == phone_e164, ContactPreference.channel == channel
        )
    )
    if preference is None:
        session.add(ContactPreference(phone_e164=phone_e164, channel=channel, opted_out=opted_out))
    elif preference.opted_out != opted_out:
        preference.opted_out = opted_out
        preference.changed_at = utcnow()


def record_status(
    *,
    session: Session,
    message_sid: str,
    status: str,
    error_code: str | None,
    phone_e164: str | None,
    channel: str,
) -> None:
    """Append one delivery status reported by Twilio."""
    session.add(
        MessageStatusEvent(
            message_sid=message_sid,
            status=status,
            error_code=error_code,
            phone_e164=phone_e164,
            channel=channel,
        )
    )


def opted_out_anywhere(*, session: Session, phone_e164: str) -> bool:
    """Whether the number sent STOP on any channel: Front Door starts nothing to it then."""
    return bool(
        session.scalar(
            select(ContactPreference.id)
            .where(
                ContactPreference.phone_e164 == phone_e164, ContactPreference.opted_out.is_(True)
            )
            .limit(1)
        )
    )


def channel_states(*, session: Session, phone_e164: str) -> dict[str, ChannelState]:
    """Every channel's state for a number (channels never used are reachable)."""
    opted_out = {
        row.channel: row.opted_out
        for row in session.scalars(
            select(ContactPreference).where(ContactPreference.phone_e164 == phone_e164)
        )
    }
    states = {}
    for channel in CHANNELS:
        last = session.scalar(
            select(MessageStatusEvent)
            .where(
                MessageStatusEvent.phone_e164 == phone_e164, MessageStatusEvent.channel == channel
            )
            .order_by(MessageStatusEvent.id.desc())
            .limit(1)
        )
        states[channel] = ChannelState(
            opted_out=opted_out.get(channel, False),
            last_status=last.status if last else None,
            last_error_code=last.error_code if last else None,
        )
    return states
