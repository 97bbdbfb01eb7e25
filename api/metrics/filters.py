"""What a measures page or export is about: whole UTC days, an area, an organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models.tables import Booking, WaitingEntry

MAX_DAYS = 731


class FilterError(ValueError):
    """The dates asked for make no sense."""


@dataclass(frozen=True)
class Filters:
    """From and to (inclusive UTC days), an area's ONS code, an organisation's id."""

    start: date
    end: date
    area: str | None = None
    organisation: int | None = None

    @classmethod
    def of(
        cls, start: date | None, end: date | None, area: str | None, organisation: int | None
    ) -> Filters:
        """The last 30 days by default; refuse a backwards or over-long range."""
        end = end or datetime.now(UTC).date()
        start = start or end - timedelta(days=30)
        if start > end or (end - start).days > MAX_DAYS:
            raise FilterError(f"Give from on or before to, at most {MAX_DAYS} days apart.")
        return cls(start, end, area or None, organisation)

    @property
    def begin(self) -> datetime:
        """The first moment counted."""
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def finish(self) -> datetime:
        """The first moment not counted."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def people(self, session: Session) -> set[str] | None:
        """People booked or waiting with the organisation (None: everyone)."""
        if self.organisation is None:
            return None
        booked = select(Booking.person_id).where(Booking.organisation_id == self.organisation)
        waiting = select(WaitingEntry.person_id).where(
            WaitingEntry.organisation_id == self.organisation
        )
        return set(session.scalars(booked)) | set(session.scalars(waiting))
