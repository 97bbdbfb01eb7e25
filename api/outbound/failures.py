"""What a failed message leads to: a permanent failure closes the channel (and the provider is
told through the changes feed); any failure moves the message to the person's next channel,
once (WhatsApp → SMS → a call), recorded as its own message."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.models.outbound import QUEUED, OutboundMessage, UnreachableChannel
from api.models.tables import ChangeEvent, Person
from api.outbound.routing import VOICE, closed_channels

UNREACHABLE_EVENT = "contact.unreachable"
OPTED_OUT_CODE = "21610"  # unsubscribed: recorded as STOP elsewhere, never followed up
# Twilio error codes that will not change on a retry (https://www.twilio.com/docs/api/errors):
PERMANENT_CODES = frozenset({
    "21211",  # invalid 'To' phone number
    "21214",  # 'To' number cannot be reached (a call)
    "21612",  # cannot route to this number
    "21614",  # 'To' is not a valid mobile number (a landline)
    "21635",  # 'To' number cannot be a landline (checked against Twilio's error pages, 2026-12)
    "30004",  # message blocked (by the recipient or their carrier)
    "30005",  # unknown destination handset
    "30006",  # landline or unreachable carrier
    "63003",  # WhatsApp: the number is not on WhatsApp
    "63024",  # WhatsApp: invalid message recipient
})  # fmt: skip


def mark_unreachable(session: Session, phone: str, channel: str, code: str) -> None:
    """Close this channel of the number and tell the person's providers (changes feed)."""
    exists = session.scalar(select(UnreachableChannel.id).where(
        UnreachableChannel.phone_e164 == phone, UnreachableChannel.channel == channel
    ))  # fmt: skip
    if exists is not None:
        return
    session.add(UnreachableChannel(phone_e164=phone, channel=channel, error_code=code))
    person_id = session.scalar(select(Person.id).where(Person.phone_e164 == phone))
    if person_id is not None:
        session.add(ChangeEvent(person_id=person_id, type=UNREACHABLE_EVENT))


def next_channel(session: Session, message: OutboundMessage, failed: str) -> str | None:
    """The person's next channel after the failed one (a call last), never one already tried."""
    tried = {failed}
    previous = message
    while previous.fallback_of is not None:
        earlier = session.get(OutboundMessage, previous.fallback_of)
        if earlier is None:
            break
        tried.add(earlier.channel or "")
        previous = earlier
    order = [c for c in message.channels.split(",") if c] + [VOICE]
    later = order[order.index(failed) + 1 :] if failed in order else order
    closed = closed_channels(session, message.phone_e164)
    return next((c for c in later if c not in tried and c not in closed), None)


def follow_up(session: Session, message: OutboundMessage, error_code: str | None) -> None:
    """After a failure of `message` (flushed, not committed): close a dead channel, queue the
    fallback. Once: a message has at most one fallback."""
    channel = message.channel or "sms"
    if error_code == OPTED_OUT_CODE:
        return
    if error_code in PERMANENT_CODES:
        mark_unreachable(session, message.phone_e164, channel, error_code)
        session.flush()
    target = next_channel(session, message, channel)
    if target is None:
        return
    fallback = OutboundMessage(
        idempotency_key=f"{message.idempotency_key}>{target}"[:128], purpose=message.purpose,
        phone_e164=message.phone_e164, language=message.language, channels=message.channels,
        channel=target, response=message.response, arguments=message.arguments, body=message.body,
        whatsapp_last_inbound_at=message.whatsapp_last_inbound_at, not_after=message.not_after,
        fallback_of=message.id, state=QUEUED,
    )  # fmt: skip
    try:
        with session.begin_nested():
            session.add(fallback)
    except IntegrityError:  # a repeated callback: the fallback is queued already
        pass
