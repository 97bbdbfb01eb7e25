"""Tables of api.recordings: recorded voice prompts per text per language, and their audio."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base


class VoiceRecording(Base):
    """The recording of one spoken text (or piece) in one language, with its governance.

    It is played only while ``words`` and ``english`` are still what the text says today (else it
    is stale); a safety-critical text's only when its status is reviewed or certified.
    """

    __tablename__ = "voice_recordings"
    __table_args__ = (
        UniqueConstraint("language", "piece_id"),
        Index("ix_voice_recordings_language", "language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    piece_id: Mapped[str] = mapped_column(String(40))  # api/recordings/pieces.py
    words: Mapped[str] = mapped_column(Text)  # the exact words it speaks
    english: Mapped[str] = mapped_column(Text)  # the English they were translated from
    status: Mapped[str] = mapped_column(String(16))  # draft | reviewed | certified
    audio_sha256: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str] = mapped_column(String(100))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(100), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class VoiceAudio(Base):
    """Normalised audio, content-addressed by its SHA-256 (the database store's blobs)."""

    __tablename__ = "voice_audio"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
