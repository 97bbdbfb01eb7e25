"""Appointment slots a provider publishes: validation, overlap check, listing and withdrawal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from api.core.db import as_utc, utcnow
from api.models.tables import Booking, Slot

Mode = Literal["remote", "in_person"]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
PlaceText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class SlotConflictError(ValueError):
    """The slot overlaps another of the same place or clinician; the message says which."""


class SlotInPastError(ValueError):
    """The slot starts in the past."""


class SlotIn(BaseModel):
    """A slot to publish."""

    service: ShortText = Field(examples=["Physiotherapy"])
    place: PlaceText = Field(examples=["Riverside Health Centre, room 2"])
    clinician: PlaceText | None = Field(default=None, description="Who sees the person, if known")
    start: AwareDatetime = Field(description="With a UTC offset; stored in UTC")
    length_minutes: int = Field(ge=5, le=480)
    step_free: bool = False
    interpreter_available: list[LanguageCode] = Field(
        default=[], max_length=30, description="Languages with an interpreter already booked"
    )
    mode: Mode = "in_person"


class SlotOut(BaseModel):
    """A published slot."""

    id: int
    service: str
    place: str
    clinician: str | None
    start: datetime
    end: datetime
    length_minutes: int
    step_free: bool
    interpreter_available: list[str]
    mode: Mode
    booked: bool
    withdrawn: bool


def slot_out(slot: Slot, *, booked: bool) -> SlotOut:
    """The provider view of a slot."""
    return SlotOut(
        id=slot.id,
        service=slot.service,
        place=slot.place,
        clinician=slot.clinician,
        start=as_utc(slot.start_at),
        end=as_utc(slot.end_at),
        length_minutes=slot.length_minutes,
        step_free=slot.step_free,
        interpreter_available=list(slot.interpreter_languages or []),
        mode=slot.mode,  # type: ignore[arg-type]
        booked=booked,
        withdrawn=slot.withdrawn_at is not None,
    )


def _overlapping(
    organisation_id: int, body: SlotIn, start: datetime, end: datetime
) -> Select[tuple[Slot]]:
    """Live slots of the organisation at the same time in the same room or with the same clinician.

    A room is shared only by in-person slots; a clinician is busy whatever the mode.
    """
    same_place = and_(Slot.place == body.place, Slot.mode == "in_person")
    same_clinician = Slot.clinician == body.clinician if body.clinician else None
    who = same_place if body.mode == "in_person" else None
    clauses = [c for c in (who, same_clinician) if c is not None]
    return select(Slot).where(
        Slot.organisation_id == organisation_id,
        Slot.withdrawn_at.is_(None),
        Slot.start_at < end,
        Slot.end_at > start,
        or_(*clauses) if clauses else Slot.id < 0,
    )


def publish_slot(*, session: Session, organisation_id: int, body: SlotIn) -> Slot:
    """Add a slot, refusing past times and overlaps; the caller commits."""
    start = body.start.astimezone(UTC)
    if start <= utcnow():
        raise SlotInPastError("The slot starts in the past.")
    end = start + timedelta(minutes=body.length_minutes)
    clash = session.scalars(_overlapping(organisation_id, body, start, end).limit(1)).first()
    if clash is not None:
        raise SlotConflictError(
            f"The slot overlaps slot {clash.id} of the same place or clinician."
        )
    slot = Slot(
        organisation_id=organisation_id,
        service=body.service,
        place=body.place,
        clinician=body.clinician,
        start_at=start,
        end_at=end,
        length_minutes=body.length_minutes,
        step_free=body.step_free,
        interpreter_languages=sorted(set(body.interpreter_available)),
        mode=body.mode,
    )
    session.add(slot)
    session.flush()
    return slot


def booked_slot_ids(session: Session, slot_ids: list[int]) -> set[int]:
    """Which of these slots have an active booking."""
    if not slot_ids:
        return set()
    query = select(Booking.active_slot_id).where(Booking.active_slot_id.in_(slot_ids))
    return {slot_id for slot_id in session.scalars(query) if slot_id is not None}


def own_slots(
    *, session: Session, organisation_id: int, after: datetime | None, limit: int
) -> list[Slot]:
    """The organisation's live slots starting after a time (now by default), soonest first."""
    since = (after or utcnow()).astimezone(UTC)
    query = (
        select(Slot)
        .where(
            Slot.organisation_id == organisation_id,
            Slot.withdrawn_at.is_(None),
            Slot.start_at >= since,
        )
        .order_by(Slot.start_at, Slot.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def withdraw_slot(*, session: Session, organisation_id: int, slot_id: int) -> Slot | None:
    """Withdraw an organisation's own slot (idempotent); None if it is not theirs."""
    slot = session.get(Slot, slot_id)
    if slot is None or slot.organisation_id != organisation_id:
        return None
    if slot.withdrawn_at is None:
        slot.withdrawn_at = utcnow()
    return slot
