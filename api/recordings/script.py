"""A language's recording script (CSV for a voice artist) and importing a zip of their files.

Each script line names the file to record, ``<piece id>_<version>.wav``: the version is a short
hash of the words and the English, so a file recorded from an older script is recognised as
stale. A file named only ``<piece id>.wav`` (or .mp3) is taken as recorded from today's words.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from api.recordings.audio import MAX_UPLOAD_BYTES, AudioError, Normalised, normalise
from api.recordings.pieces import SpokenPiece, is_piece_id

SCRIPT_COLUMNS = ("text id", "words", "English", "notes", "file")
AUDIO_SUFFIXES = (".wav", ".mp3", ".flac", ".ogg")
MAX_ZIP_FILES = 2000
MAX_ZIP_BYTES = 200_000_000  # uncompressed, in all


def version(piece: SpokenPiece) -> str:
    """A short hash of what a piece says today and the English it came from."""
    return hashlib.sha256(f"{piece.words}\x00{piece.english}".encode()).hexdigest()[:8]


def file_name(piece: SpokenPiece) -> str:
    """The file a voice artist records this piece into."""
    return f"{piece.piece_id}_{version(piece)}.wav"


def script_csv(pieces: list[SpokenPiece]) -> str:
    """The recording script: every piece with words to say (untranslated ones left out)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SCRIPT_COLUMNS)
    for piece in pieces:
        if piece.words:
            writer.writerow(
                [piece.piece_id, piece.words, piece.english, piece.notes, file_name(piece)]
            )
    return out.getvalue()


@dataclass
class ImportResult:
    """What an imported zip did: saved pieces, and each refused file with its reason."""

    saved: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def read_zip(
    data: bytes,
    pieces: dict[str, SpokenPiece],
    save: Callable[[SpokenPiece, Normalised], None],
) -> ImportResult:
    """Save each file of the zip named after a current piece; refuse the others one by one."""
    result = ImportResult()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        result.refused.append("The upload is not a zip file.")
        return result
    entries = [e for e in archive.infolist() if not e.is_dir()]
    if len(entries) > MAX_ZIP_FILES or sum(e.file_size for e in entries) > MAX_ZIP_BYTES:
        result.refused.append(f"The zip holds more than {MAX_ZIP_FILES} files or 200 MB.")
        return result
    for entry in entries:
        path = PurePosixPath(entry.filename)
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        reason = _refusal(path, pieces)
        if reason is None and entry.file_size > MAX_UPLOAD_BYTES:
            reason = "larger than 5 MB"
        if reason is None:
            piece = pieces[path.stem.split("_", 1)[0]]
            try:
                save(piece, normalise(archive.read(entry)))
            except AudioError as error:
                reason = str(error)
            else:
                result.saved.append(piece.piece_id)
                continue
        result.refused.append(f"{path.name}: {reason}")
    return result


def _refusal(path: PurePosixPath, pieces: dict[str, SpokenPiece]) -> str | None:
    """Why a file name can't be imported, or None."""
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        return "not a WAV or MP3 file"
    piece_id, _, given = path.stem.partition("_")
    if not is_piece_id(piece_id) or piece_id not in pieces:
        return "no such text (unknown, or its English changed since the script was made)"
    piece = pieces[piece_id]
    if not piece.words:
        return "the text has no current translation to record"
    if given and given != version(piece):
        return "stale: the words changed since the script was made; record the new words"
    return None
