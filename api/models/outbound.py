"""Tables of api.outbound (imported by api.models): the outbound queue, WhatsApp templates, and
channels a permanent failure closed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.crypto import LookupSecret, SecretText
from api.core.db import utcnow
from api.models.tables import Base

# Message states: queued → sending → sent → delivered | failed; abandoned when it can't go.
QUEUED, SENDING, SENT, DELIVERED, FAILED, ABANDONED = (
    "queued", "sending", "sent", "delivered", "failed", "abandoned",
)  # fmt: skip


class OutboundMessage(Base):
    """One message Front Door starts, from queued to its last delivery status.

    The idempotency key is unique: enqueueing the same message twice returns the first row, and
    the worker sends a row only after committing it as `sending`, so a crash never sends twice.
    """

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_state_due", "state", "not_before"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    purpose: Mapped[str] = mapped_column(String(32))
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)
    language: Mapped[str] = mapped_column(String(16))
    # The person's channels, preferred first (comma-separated); `channel` is the one used.
    channels: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    # Either a response to render (NLG name and arguments, JSON) or finished text.
    response: Mapped[str | None] = mapped_column(String(64), default=None)
    arguments: Mapped[str | None] = mapped_column(SecretText(), default=None)
    body: Mapped[str | None] = mapped_column(SecretText(), default=None)
    whatsapp_last_inbound_at: Mapped[datetime | None] = mapped_column(default=None)
    not_before: Mapped[datetime] = mapped_column(default=utcnow)
    not_after: Mapped[datetime | None] = mapped_column(default=None)
    state: Mapped[str] = mapped_column(String(16), default=QUEUED)
    # Higher goes first: a one-time code must not wait behind a reminder run.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    sender: Mapped[str | None] = mapped_column(String(64), default=None)
    worker_id: Mapped[str | None] = mapped_column(String(32), default=None)  # while sending
    twilio_sid: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    content_sid: Mapped[str | None] = mapped_column(String(64), default=None)
    error_code: Mapped[str | None] = mapped_column(String(16), default=None)
    encoding: Mapped[str | None] = mapped_column(String(8), default=None)
    segments: Mapped[int | None] = mapped_column(Integer, default=None)
    # A fallback points at the message it replaces; a message has at most one fallback.
    fallback_of: Mapped[int | None] = mapped_column(
        ForeignKey("outbound_messages.id", ondelete="SET NULL"), default=None, unique=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WhatsAppTemplate(Base):
    """A WhatsApp template (Twilio Content API) for one purpose in one language, and whether
    WhatsApp approved it (synchronised from Twilio)."""

    __tablename__ = "whatsapp_templates"
    __table_args__ = (
        Index("ix_whatsapp_templates_purpose_language", "purpose", "language", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    content_sid: Mapped[str] = mapped_column(String(64), unique=True)
    approval: Mapped[str] = mapped_column(String(16))
    synced_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class UnreachableChannel(Base):
    """A channel of a number Twilio refused for good (invalid, landline, blocked): never retried."""

    __tablename__ = "unreachable_channels"
    __table_args__ = (
        Index("ix_unreachable_channels_phone_channel", "phone_e164", "channel", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret())
    channel: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str] = mapped_column(String(16))
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)
