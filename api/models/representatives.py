"""Tables of api.people.representatives (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.crypto import LookupSecret
from api.core.db import utcnow
from api.models.tables import Base


class Representative(Base):
    """Someone acting for a person: who they are to them, their authority, and its state.

    The representative is known by their phone number only (they may hold no record of their
    own). `status` is pending (waiting for the person's YES), active, declined (the person said
    NO) or ended (the person, or erasure, ended it).
    """

    __tablename__ = "representatives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    phone_e164: Mapped[str] = mapped_column(LookupSecret(), index=True)  # encrypted at rest
    relationship: Mapped[str] = mapped_column(String(32))
    authority: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    # Parent of a child under 16: when the child may be 16, from the age the parent gave.
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
