"""Audio URLs: the audio's SHA-256 plus an HMAC, so they can be cached for ever and not guessed.

The path says nothing about the person or the text; the key is derived from the data key (a
label keeps it apart from encryption), so no new secret is needed.
"""

from __future__ import annotations

import hashlib
import hmac
import re

AUDIO_PREFIX = "/voice/audio"
SIGNATURE_HEX = 32
AUDIO_NAME = re.compile(r"^([0-9a-f]{64})-([0-9a-f]{32})\.wav$")


def url_key(data_key: str) -> bytes:
    """The signing key of audio URLs."""
    return hmac.new(data_key.encode(), b"frontdoor voice audio url v1", hashlib.sha256).digest()


def _signature(key: bytes, sha256: str) -> str:
    return hmac.new(key, sha256.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_HEX]


def audio_path(key: bytes, sha256: str) -> str:
    """The path under the public base URL where Twilio fetches this audio."""
    return f"{AUDIO_PREFIX}/{sha256}-{_signature(key, sha256)}.wav"


def verified_sha256(key: bytes, name: str) -> str | None:
    """The SHA-256 a file name stands for, if its signature is right."""
    match = AUDIO_NAME.fullmatch(name)
    if not match or not hmac.compare_digest(_signature(key, match.group(1)), match.group(2)):
        return None
    return match.group(1)
