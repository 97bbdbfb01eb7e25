"""Request and response bodies of booking: internal (action server) and provider views."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.bookings.matching import Fit, Requirements
from api.core.db import as_utc
from api.core.local_time import UK_ZONE
from api.models.tables import Booking, Organisation, Slot
from api.people.schemas import Channel, NeedOut, PhoneNumber

BookingStatus = Literal["active", "moved", "cancelled"]


class SlotSummary(BaseModel):
    """A slot as the person is told about it (start in UTC and in UK local time)."""

    id: int
    service: str
    place: str
    mode: Literal["remote", "in_person"]
    start: datetime
    start_local: datetime = Field(description="The start in Europe/London, with its offset")
    length_minutes: int
    step_free: bool
    organisation: str


class OfferItem(BaseModel):
    """A slot that fits, and any interpreter language the provider still has to book for it."""

    slot: SlotSummary
    interpreter_to_book: list[str]


class OfferRequirements(BaseModel):
    """What the person's needs asked of a slot."""

    step_free: bool
    min_minutes: int
    interpreters: list[str]


class Offers(BaseModel):
    """Slots to offer the person, best first."""

    items: list[OfferItem]
    requirements: OfferRequirements


class BookIn(BaseModel):
    """Book a slot for the person with this number."""

    phone: PhoneNumber
    slot_id: int = Field(ge=1, le=2**31 - 1)
    channel: Channel


class MoveIn(BookIn):
    """Move the person's booking to another slot."""


class CancelIn(BaseModel):
    """Cancel the person's booking."""

    phone: PhoneNumber


class BookingOut(BaseModel):
    """A booking as the action server sees it."""

    id: int
    status: BookingStatus
    slot: SlotSummary
    interpreter_to_book: list[str]
    moved_from_id: int | None
    created: bool = Field(default=True, description="False when the same booking already existed")


class BookingsList(BaseModel):
    """A person's active bookings, soonest first."""

    items: list[BookingOut]


class ProviderBooking(BaseModel):
    """A booking of the organisation, with the person's current needs if they may be shared."""

    id: int
    status: BookingStatus
    slot_id: int
    service: str
    place: str
    start: datetime
    length_minutes: int
    mode: Literal["remote", "in_person"]
    channel: str
    person_id: str
    language: str | None = Field(description="The person's language; null without consent")
    interpreter_to_book: list[str]
    needs: list[NeedOut] | None = Field(description="Current needs; null if consent was withdrawn")
    created_at: datetime
    moved_from_id: int | None


def slot_summary(slot: Slot, organisation: Organisation) -> SlotSummary:
    """What the person is told about a slot."""
    start = as_utc(slot.start_at)
    return SlotSummary(
        id=slot.id,
        service=slot.service,
        place=slot.place,
        mode=slot.mode,  # type: ignore[arg-type]
        start=start,
        start_local=start.astimezone(UK_ZONE),
        length_minutes=slot.length_minutes,
        step_free=slot.step_free,
        organisation=organisation.name,
    )


def offers_out(fits: list[Fit], wanted: Requirements, names: dict[int, Organisation]) -> Offers:
    """The offers body."""
    return Offers(
        items=[
            OfferItem(
                slot=slot_summary(f.slot, names[f.slot.organisation_id]),
                interpreter_to_book=list(f.interpreter_to_book),
            )
            for f in fits
        ],
        requirements=OfferRequirements(
            step_free=wanted.step_free,
            min_minutes=wanted.min_minutes,
            interpreters=list(wanted.interpreters),
        ),
    )


def booking_out(
    booking: Booking, slot: Slot, organisation: Organisation, created: bool
) -> BookingOut:
    """The action server's view of a booking."""
    return BookingOut(
        id=booking.id,
        status=booking.status,  # type: ignore[arg-type]
        slot=slot_summary(slot, organisation),
        interpreter_to_book=split_languages(booking.interpreter_to_book),
        moved_from_id=booking.moved_from_id,
        created=created,
    )


def split_languages(joined: str | None) -> list[str]:
    """Stored comma-joined languages as a list."""
    return [lang for lang in (joined or "").split(",") if lang]
