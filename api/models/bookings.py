"""Tables of api.bookings.reminders (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base

CLAIMED, SENT, NOT_SENT = "claimed", "sent", "not_sent"


class BookingReminder(Base):
    """The reminder of one booking: claimed, then sent or not sent (opted out). At most one."""

    __tablename__ = "booking_reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=CLAIMED)
    channel: Mapped[str | None] = mapped_column(String(16), default=None)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
