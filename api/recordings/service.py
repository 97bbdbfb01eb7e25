"""Recordings of a language: every spoken piece with its state, and saving and reviewing them.

A recording is current while the words it speaks and the English they came from are still the
text's today; otherwise it is stale and never played. Translators record drafts; reviewers and
admins mark recordings reviewed or certified (as for written translations, api/models/admin.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.core.audit import record_audit
from api.core.db import utcnow
from api.models.admin import ROLE_STATUSES
from api.models.recordings import VoiceRecording
from api.nlg.voice_wording import ON_A_CALL
from api.recordings.audio import CONTENT_TYPE, Normalised
from api.recordings.pieces import (
    KEY_WORDS,
    NAME,
    NUMBERS,
    PLACEHOLDER,
    SpokenPiece,
    number_id,
    recorded_parts,
    text_id,
)
from api.recordings.storage import AudioStore
from api.translations.languages import Languages
from api.translations.prompts import prompts
from api.translations.status import CHECKED, LABELS, STATUSES

NONE, STALE = "none", "stale"
STATE_LABELS = {NONE: "not recorded", STALE: "stale", **{s: LABELS[s] for s in STATUSES}}
AUDIT_PURPOSE = "voice recording governance"
# Texts only ever sent in writing: on a call their voice wording is said instead.
SMS_ONLY = frozenset((m.context, m.msgid) for m in ON_A_CALL)


class RecordingRefused(ValueError):
    """A recording can't be saved or reviewed as asked; the reasons in words."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _notes(parts: int, number: int, words: str, safety: bool) -> str:
    notes = []
    if parts > 1 or PLACEHOLDER.search(words):
        notes.append(
            f"Part {number} of {parts} of “{PLACEHOLDER.sub('…', words)}”: the values in "
            "between are said separately."
        )
    if safety:
        notes.append("Safety-critical: played only once reviewed or certified.")
    return " ".join(notes)


def spoken_pieces(
    *, session: Session, locales_dir: Path, languages: Languages, language: str
) -> list[SpokenPiece]:
    """Every piece a call in this language can play, in catalog order, then numbers and keys."""
    found: list[SpokenPiece] = []
    for row in prompts(session=session, locales_dir=locales_dir, language=language):
        if (row.context, row.msgid) in SMS_ONLY:
            continue
        current = row.status not in ("missing", "stale")  # a safety draft may be recorded
        template = row.english if language == "en" else (row.text if current else "")
        base = text_id(row.context, row.msgid)
        parts = recorded_parts(base, template) if template else [(base, "")]
        for number, (piece_id, words) in enumerate(parts, start=1):
            notes = _notes(len(parts), number, template, row.safety)
            if not words:
                notes = "Not translated yet (or its translation is stale): nothing to record."
            found.append(
                SpokenPiece(
                    piece_id, row.context, row.msgid, words, row.english, notes, row.safety,
                    row.sent,
                )
            )  # fmt: skip
    for number in NUMBERS:
        found.append(
            SpokenPiece(number_id(number), "", "", str(number), str(number),
                        f"The number {number} on its own, as in “press {number}”.", False)
        )  # fmt: skip
    for word, note in KEY_WORDS.items():
        found.append(SpokenPiece(word, "", "", word, word, note, False))
    own = languages.get(language)
    if own is not None:
        note = "The language's own name for itself (in the language menu and read-backs)."
        found.append(SpokenPiece(NAME, "", "", own.native_name, own.english_name, note, False))
    return found


def recordings_of(*, session: Session, language: str) -> dict[str, VoiceRecording]:
    """A language's recordings by piece id."""
    rows = session.scalars(select(VoiceRecording).where(VoiceRecording.language == language))
    return {row.piece_id: row for row in rows}


def is_current(recording: VoiceRecording, words: str, english: str) -> bool:
    """Whether a recording speaks today's words, translated from today's English."""
    return bool(words) and recording.words == words and recording.english == english


def state(piece: SpokenPiece, recording: VoiceRecording | None) -> str:
    """none, stale, or the recording's status."""
    if recording is None:
        return NONE
    return recording.status if is_current(recording, piece.words, piece.english) else STALE


@dataclass(frozen=True)
class Uploader:
    """Who is saving or reviewing: their name, role and the languages they may work in."""

    username: str
    role: str
    languages: frozenset[str] | None = None  # None: every language


def _permission_errors(who: Uploader, language: str, status: str) -> list[str]:
    errors = []
    if who.languages is not None and language not in who.languages:
        errors.append("You can record only in your own languages.")
    if status not in ROLE_STATUSES.get(who.role, ()):
        allowed = ", ".join(LABELS[s] for s in ROLE_STATUSES.get(who.role, ()))
        errors.append(f"As a {who.role} you can save recordings as: {allowed}.")
    return errors


def save_recording(
    *,
    session: Session,
    store: AudioStore,
    language: str,
    piece: SpokenPiece,
    audio: Normalised,
    status: str,
    who: Uploader,
) -> VoiceRecording:
    """Keep the audio and make it the piece's recording (replacing any earlier one)."""
    errors = _permission_errors(who, language, status)
    if not piece.words:
        errors.append("This text has no current translation to record.")
    if errors:
        raise RecordingRefused(errors)
    sha256 = hashlib.sha256(audio.wav).hexdigest()
    store.put(session, sha256, CONTENT_TYPE, audio.wav)
    row = recordings_of(session=session, language=language).get(piece.piece_id)
    if row is None:
        row = VoiceRecording(language=language, piece_id=piece.piece_id)
        session.add(row)
    now = utcnow()
    row.words, row.english, row.status = piece.words, piece.english, status
    row.audio_sha256, row.duration_ms = sha256, audio.duration_ms
    row.uploaded_by, row.uploaded_at, row.updated_at = who.username, now, now
    row.reviewed_by = who.username if status in CHECKED else None
    record_audit(
        session=session,
        action="recording.save",
        outcome="ok",
        fields=[f"language:{language}", f"piece:{piece.piece_id}", f"status:{status}",
                f"by:{who.username}"],
        purpose=AUDIT_PURPOSE,
    )  # fmt: skip
    session.flush()
    return row


def review_recording(
    *, session: Session, language: str, piece: SpokenPiece, status: str, who: Uploader
) -> VoiceRecording:
    """Give a current recording another status (a reviewer publishing it, say)."""
    row = recordings_of(session=session, language=language).get(piece.piece_id)
    errors = _permission_errors(who, language, status)
    if row is None:
        errors.append("There is no recording of this text yet.")
    elif not is_current(row, piece.words, piece.english):
        errors.append("The recording is stale (the text changed since): record it again.")
    if errors or row is None:
        raise RecordingRefused(errors)
    row.status, row.updated_at = status, utcnow()
    row.reviewed_by = who.username if status in CHECKED else None
    record_audit(
        session=session,
        action="recording.review",
        outcome="ok",
        fields=[f"language:{language}", f"piece:{piece.piece_id}", f"status:{status}",
                f"by:{who.username}"],
        purpose=AUDIT_PURPOSE,
    )  # fmt: skip
    session.flush()
    return row
