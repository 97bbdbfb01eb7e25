"""Uploaded audio made into what Twilio plays well: 8 kHz mono 16-bit WAV, loudness-normalised."""

from __future__ import annotations

import array
import io
import math
import wave
from dataclasses import dataclass

import miniaudio

SAMPLE_RATE = 8000  # telephone audio: anything finer is thrown away by the network
MAX_UPLOAD_BYTES = 5_000_000
MAX_SECONDS = 60
MIN_SECONDS = 0.2
TARGET_RMS_DBFS = -20.0  # a steady speaking level on a call
PEAK_LIMIT = 0.89  # -1 dBFS: never clipped by the gain
SILENT_RMS_DBFS = -60.0
CONTENT_TYPE = "audio/wav"


class AudioError(ValueError):
    """Audio we can't use, with the reason in words for the person who uploaded it."""


@dataclass(frozen=True)
class Normalised:
    """The WAV file as stored and played, and its length."""

    wav: bytes
    duration_ms: int


def _format(data: bytes) -> str | None:
    """WAV, MP3, FLAC or OGG by their first bytes; anything else is refused before decoding."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    if data[:4] == b"fLaC":
        return "flac"
    if data[:4] == b"OggS":
        return "ogg"
    return None


def _dbfs(value: float) -> float:
    """A level relative to full scale, in decibels."""
    return 20 * math.log10(value) if value > 0 else -math.inf


def normalise(data: bytes) -> Normalised:
    """Decode, mix to mono, resample to 8 kHz and bring to a steady loudness; or say why not."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise AudioError(f"The file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB.")
    if _format(data) is None:
        raise AudioError("The file is not a WAV or MP3 recording (FLAC and Ogg Vorbis work too).")
    try:
        decoded = miniaudio.decode(
            data,
            output_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=SAMPLE_RATE,
        )
    except miniaudio.MiniaudioError as error:
        raise AudioError("The file could not be read as audio; is it damaged?") from error
    samples = array.array("h", decoded.samples)
    seconds = len(samples) / SAMPLE_RATE
    if seconds < MIN_SECONDS:
        raise AudioError("The recording is too short to hear.")
    if seconds > MAX_SECONDS:
        raise AudioError(f"The recording is longer than {MAX_SECONDS} seconds.")
    scale = 32768.0
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / scale
    peak = max(abs(s) for s in samples) / scale
    if _dbfs(rms) < SILENT_RMS_DBFS:
        raise AudioError("The recording is silent.")
    gain = min(10 ** ((TARGET_RMS_DBFS - _dbfs(rms)) / 20), PEAK_LIMIT / peak)
    out = array.array("h", (max(-32768, min(32767, round(s * gain))) for s in samples))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(out.tobytes())
    return Normalised(buffer.getvalue(), round(seconds * 1000))
