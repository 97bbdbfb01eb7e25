"""Audio made at test time: short tones as WAV files (Python's wave module), zipped by piece id."""

from __future__ import annotations

import io
import math
import struct
import wave
import zipfile
from collections.abc import Iterable


def tone(
    frequency: float = 440.0, seconds: float = 0.3, rate: int = 16000, level: float = 0.1
) -> bytes:
    """A mono 16-bit sine tone as a WAV file (quiet on purpose: the upload is normalised)."""
    frames = b"".join(
        struct.pack("<h", round(level * 32767 * math.sin(2 * math.pi * frequency * n / rate)))
        for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def zipped(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()
