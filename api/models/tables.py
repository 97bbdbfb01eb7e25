"""Persistent records: organisations, their clients, people, consent, needs and audit."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from api.core.crypto import LookupSecret, Secret, SecretText
from api.core.db import utcnow


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints stably."""

    type_annotation_map = {datetime: DateTime(timezone=True)}


Base.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _new_uuid() -> str:
    """A random UUID as text (people ids are opaque to providers)."""
    return str(uuid.uuid4())


class Organisation(Base):
    """A provider organisation, identified by its ODS code."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ods_code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    shares_consented_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    clients: Mapped[list[ProviderClient]] = relationship(back_populates="organisation")


class ProviderClient(Base):
    """One credential of an organisation; only the token's SHA-256 hash is stored."""

    __tablename__ = "provider_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)

    organisation: Mapped[Organisation] = relationship(back_populates="clients")


class Person(Base):
    """Someone who used the front door, keyed by their phone number."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_new_uuid)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), unique=True)
    language: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the person last said "yes, that's right" to the read-back of their answers.
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)


class Consent(Base):
    """A consent decision for one version of the consent wording."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    granted: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)


class Need(Base):
    """A coded access need; a new answer supersedes the previous row, never deletes it."""

    __tablename__ = "needs"
    __table_args__ = (Index("ix_needs_person_kind_current", "person_id", "kind", "superseded_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    code_system: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64))
    display: Mapped[str] = mapped_column(String(200))
    value_system: Mapped[str | None] = mapped_column(String(200), default=None)
    value_code: Mapped[str | None] = mapped_column(String(64), default=None)
    value_display: Mapped[str | None] = mapped_column(String(200), default=None)
    words: Mapped[str | None] = mapped_column(SecretText(), default=None)
    source_channel: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(default=None)


class AuditEvent(Base):
    """An append-only record of who read or wrote what, why, and with what outcome."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), default=None, index=True
    )
    client_id: Mapped[int | None] = mapped_column(ForeignKey("provider_clients.id"), default=None)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None, index=True)
    action: Mapped[str] = mapped_column(String(64))
    fields: Mapped[list[Any]] = mapped_column(JSON, default=list)
    purpose: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))


class ChangeEvent(Base):
    """Something changed in a person's record; the id orders the changes feed."""

    __tablename__ = "change_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set for events meant for one organisation only (its bookings, its waiting list).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id"), default=None
    )


class WebhookSubscription(Base):
    """Where an organisation wants change notifications, and the secret that signs them."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    # HMAC needs the secret itself, so it is stored, not hashed (shown to the provider once).
    secret: Mapped[str] = mapped_column(String(128))
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)


class WebhookDelivery(Base):
    """One change event to deliver to one subscription: pending, delivered or dead."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("webhook_subscriptions.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("change_events.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)


class ContactPreference(Base):
    """Whether a number may be messaged on a channel (STOP / START), whoever it belongs to."""

    __tablename__ = "contact_preferences"
    __table_args__ = (
        Index("ix_contact_preferences_phone_channel", "phone_e164", "channel", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret())
    channel: Mapped[str] = mapped_column(String(16))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MessageStatusEvent(Base):
    """One delivery status Twilio reported for a message we sent (append-only)."""

    __tablename__ = "message_status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))
    error_code: Mapped[str | None] = mapped_column(String(16), default=None)
    phone_e164: Mapped[str | None] = mapped_column(LookupSecret(), default=None, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Slot(Base):
    """An appointment a provider publishes; times are stored in UTC."""

    __tablename__ = "slots"
    __table_args__ = (Index("ix_slots_organisation_start", "organisation_id", "start_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    service: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200))
    clinician: Mapped[str | None] = mapped_column(LookupSecret(), default=None)
    start_at: Mapped[datetime] = mapped_column(index=True)
    end_at: Mapped[datetime] = mapped_column()
    length_minutes: Mapped[int] = mapped_column(Integer)
    step_free: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    mode: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)


class Booking(Base):
    """A person's booking of a slot; `active_slot_id` is unique, so a slot has one live booking."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    # Equal to slot_id while the booking stands, NULL once moved or cancelled: the database
    # refuses a second active booking of one slot (NULLs never collide in a unique column).
    active_slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("slots.id"), unique=True, default=None
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    channel: Mapped[str] = mapped_column(String(16))
    interpreter_to_book: Mapped[str | None] = mapped_column(String(64), default=None)
    moved_from_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class WaitingEntry(Base):
    """A provider's note that a person is waiting (for a referral), and for how long expected."""

    __tablename__ = "waiting_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    referral: Mapped[str] = mapped_column(Secret())
    expected_wait_weeks: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class CheckIn(Base):
    """A waiting person's answer to "how are you while you wait?"."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    answer: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackAnswer(Base):
    """One answer to an "I statement" survey question (person kept only for equity splits)."""

    __tablename__ = "feedback_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), default=None, index=True)
    statement_id: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    context: Mapped[str] = mapped_column(String(16))
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"), default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
