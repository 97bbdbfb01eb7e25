"""How often each text is sent in each language: the message log that orders translation review.

Counts only: a language, a text's context (the response name, or a flow question), a number.
No message, no person, no phone number.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.tables import Base


class TextSend(Base):
    """One language's sends of one text context (a response, or one flow question)."""

    __tablename__ = "text_sends"

    language: Mapped[str] = mapped_column(String(32), primary_key=True)
    context: Mapped[str] = mapped_column(String(200), primary_key=True)
    sends: Mapped[int] = mapped_column(Integer, default=0)
