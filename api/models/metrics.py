"""Tables of api.metrics: population baselines and the steps conversations reach.

Neither holds anything about a person: a baseline is a published census count, a step is what
stage some conversation reached, in which language and on which channel, and how long after its
first message (no id, no number, nothing that links two steps to one person).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base


class PopulationBaseline(Base):
    """How many usual residents of an area have a language as their main language."""

    __tablename__ = "population_baselines"
    __table_args__ = (UniqueConstraint("area_code", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_code: Mapped[str] = mapped_column(String(16), index=True)
    area_name: Mapped[str] = mapped_column(String(200))
    # An offered language code, "other" (everything else) or "total" (everyone counted).
    language: Mapped[str] = mapped_column(String(16))
    residents: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200))
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeasureStep(Base):
    """A conversation reached a step of the journey (counted once per conversation and step)."""

    __tablename__ = "measure_steps"
    __table_args__ = (Index("ix_measure_steps_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str | None] = mapped_column(String(16), default=None)
    organisation_id: Mapped[int | None] = mapped_column(Integer, default=None)
    seconds: Mapped[int] = mapped_column(Integer, default=0)  # since the first message
    at: Mapped[datetime] = mapped_column(default=utcnow)
