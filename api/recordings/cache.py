"""The recordings the renderer may play, reloaded whenever any instance saves or reviews one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import structlog
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from api.models.recordings import VoiceRecording
from api.recordings.urls import audio_path

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Playable:
    """A recording as the renderer sees it: what it says, its source, status and URL path."""

    words: str
    english: str
    status: str
    path: str


Recordings = Mapping[tuple[str, str], Playable]  # (language, piece id) → recording


class RecordingCache:
    """Every recording by (language, piece id), as of the latest change."""

    def __init__(self, session_factory: Callable[[], Session], key: bytes) -> None:
        """Keep the session factory and URL key; nothing is read until first use."""
        self._session_factory = session_factory
        self._key = key
        self._version: tuple[object, ...] | None = None
        self._recordings: dict[tuple[str, str], Playable] = {}
        self._lock = threading.Lock()

    def recordings(self) -> Recordings:
        """The recordings (an empty mapping when there are none, or the database is down)."""
        try:
            with self._session_factory() as session:
                version = tuple(
                    session.execute(
                        select(func.count(VoiceRecording.id), func.max(VoiceRecording.updated_at))
                    ).one()
                )
                with self._lock:
                    if version != self._version:
                        rows = session.scalars(select(VoiceRecording))
                        self._recordings = {
                            (r.language, r.piece_id): Playable(
                                r.words, r.english, r.status, audio_path(self._key, r.audio_sha256)
                            )
                            for r in rows
                        }
                        self._version = version
        except SQLAlchemyError as error:
            log.warning("voice_recordings_unavailable", error=type(error).__name__)
        return self._recordings
