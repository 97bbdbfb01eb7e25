"""Tables of api.waiting.check_ins (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base


class CheckInPrompt(Base):
    """One "how are you?" we sent to a waiting person."""

    __tablename__ = "check_in_prompts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
