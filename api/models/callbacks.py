"""Tables of api.callbacks.service (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.crypto import LookupSecret, Secret
from api.core.db import utcnow
from api.models.tables import Base

OPEN, CLAIMED, DONE = "open", "claimed", "done"


class CallbackRequest(Base):
    """One request for a call, from asking to done."""

    __tablename__ = "callback_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)
    language: Mapped[str] = mapped_column(String(16))
    interpreter_language: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime] = mapped_column()
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome: Mapped[str | None] = mapped_column(Secret(), default=None)


class CallbackStaff(Base):
    """An admin page user who works the call-back queue for one organisation."""

    __tablename__ = "callback_staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    admin_user_id: Mapped[int] = mapped_column(
        ForeignKey("admin_users.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
