"""Where recorded audio is kept: one interface; the database by default (needs nothing more).

An object store (S3 and the like) would implement the same two methods; the database row of a
recording holds only the audio's SHA-256, so switching stores moves blobs, not recordings.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from api.models.recordings import VoiceAudio


class AudioStore(Protocol):
    """Content-addressed audio: kept once per SHA-256, read back by it."""

    def put(self, session: Session, sha256: str, content_type: str, data: bytes) -> None:
        """Keep the audio (a no-op when it is already kept)."""

    def get(self, session: Session, sha256: str) -> tuple[str, bytes] | None:
        """The content type and bytes, or None."""


class DatabaseAudioStore:
    """Audio in the records database's `voice_audio` table."""

    def put(self, session: Session, sha256: str, content_type: str, data: bytes) -> None:
        """Add the row unless it exists (same hash, same bytes)."""
        if session.get(VoiceAudio, sha256) is None:
            session.add(VoiceAudio(sha256=sha256, content_type=content_type, data=data))

    def get(self, session: Session, sha256: str) -> tuple[str, bytes] | None:
        """Read the row."""
        row = session.get(VoiceAudio, sha256)
        return (row.content_type, row.data) if row else None


def audio_store() -> AudioStore:
    """The configured store (the database: no other is configured yet)."""
    return DatabaseAudioStore()
