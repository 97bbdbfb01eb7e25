"""Tables of api.messaging.verification (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.crypto import LookupSecret
from api.core.db import utcnow
from api.models.tables import Base


class VerificationCode(Base):
    """A code sent to a number, as a hash, with its tries."""

    __tablename__ = "verification_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    tries: Mapped[int] = mapped_column(Integer, default=0)
    verified_at: Mapped[datetime | None] = mapped_column(default=None)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class CallPreference(Base):
    """How a number wants to be spoken to on a call (slower speech), kept for its next calls."""

    __tablename__ = "call_preferences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), unique=True)
    slower_speech: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
