"""Provider API: the organisation's bookings, each carrying the person's current needs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.auth.providers import Principal
from api.bookings.schemas import ProviderBooking, split_languages
from api.core.db import as_utc, utcnow
from api.core.deps import SessionDep, require_scope
from api.core.errors import AUTH_ERRORS
from api.models.tables import Booking, Slot
from api.people.access import audit_read, visible_person
from api.people.records import current_needs
from api.people.views import need_out

router = APIRouter(prefix="/v1/bookings", tags=["bookings"])
BookingsReader = Annotated[Principal, Depends(require_scope("bookings:read"))]
FIELDS = ("booking", "language", "needs")


def _provider_view(
    session: Session, principal: Principal, booking: Booking, slot: Slot
) -> ProviderBooking:
    """One booking, with needs only while the person may be seen (consent stands)."""
    person = visible_person(
        session=session, organisation=principal.organisation, person_id=booking.person_id
    )
    needs = current_needs(session=session, person_id=person.id) if person else None
    return ProviderBooking(
        id=booking.id,
        status=booking.status,  # type: ignore[arg-type]
        slot_id=slot.id,
        service=slot.service,
        place=slot.place,
        start=as_utc(slot.start_at),
        length_minutes=slot.length_minutes,
        mode=slot.mode,  # type: ignore[arg-type]
        channel=booking.channel,
        person_id=booking.person_id,
        language=person.language if person else None,
        interpreter_to_book=split_languages(booking.interpreter_to_book),
        needs=[need_out(n) for n in needs] if needs is not None else None,
        created_at=as_utc(booking.created_at),
        moved_from_id=booking.moved_from_id,
    )


@router.get("", response_model=list[ProviderBooking], responses={**AUTH_ERRORS, 422: {}})
def list_bookings(
    principal: BookingsReader,
    session: SessionDep,
    status: Literal["active", "moved", "cancelled", "all"] = "active",
    after: Annotated[datetime | None, Query(description="Slots starting from; default now")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """The organisation's bookings of slots starting from a time, soonest first (audited)."""
    if after is not None and after.tzinfo is None:
        raise HTTPException(422, "The after parameter needs a UTC offset.")
    query = (
        select(Booking, Slot)
        .join(Slot, Slot.id == Booking.slot_id)
        .where(
            Booking.organisation_id == principal.organisation.id,
            Slot.start_at >= (after or utcnow()).astimezone(UTC),
        )
        .order_by(Slot.start_at, Booking.id)
        .limit(limit)
    )
    if status != "all":
        query = query.where(Booking.status == status)
    items = [_provider_view(session, principal, b, s) for b, s in session.execute(query).all()]
    for person_id in dict.fromkeys(item.person_id for item in items):
        audit_read(
            session, principal, action="bookings.read", outcome="ok", fields=FIELDS,
            person_id=person_id,
        )  # fmt: skip
    if not items:
        audit_read(session, principal, action="bookings.read", outcome="empty", fields=FIELDS)
    return items
