"""Tables of api.people.provider_needs (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base


class ProviderNeed(Base):
    """A need an organisation observed and recorded about a person, with the person's answer.

    It never replaces what the person said: it stands beside it, `pending` until the person
    accepts (their own answer then changes, as they asked) or rejects it.
    """

    __tablename__ = "provider_needs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("provider_clients.id"), default=None)
    kind: Mapped[str] = mapped_column(String(32))
    code_system: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64))
    display: Mapped[str] = mapped_column(String(200))
    value_system: Mapped[str | None] = mapped_column(String(200), default=None)
    value_code: Mapped[str | None] = mapped_column(String(64), default=None)
    value_display: Mapped[str | None] = mapped_column(String(200), default=None)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # accepted, rejected
    told_at: Mapped[datetime | None] = mapped_column(default=None)  # the person was asked
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decided_channel: Mapped[str | None] = mapped_column(String(16), default=None)
