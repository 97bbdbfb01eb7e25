"""Fingerprints for logs in place of phone numbers and message ids: keyed, so not reversible.

An unkeyed hash of a phone number is reversed by hashing every number in its range (UK mobiles
are 10^9), so the fingerprint is an HMAC under a per-deployment key: FRONTDOOR_LOG_REDACTION_KEY
if set, else a sub-key of FRONTDOOR_DATA_KEY derived like every other (`api/core/data_keys.py`,

HKDF,
label "log redaction": it can decrypt nothing). The same value gives the same fingerprint within a
deployment, so one conversation can still be followed through the logs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import lru_cache

from api.core.data_keys import DEV_DATA_KEY, derive

LABEL = b"log redaction"
FINGERPRINT_HEX = 12


@lru_cache(maxsize=1)
def redaction_key() -> bytes:
    """The deployment's redaction key, read from the environment once."""
    explicit = os.environ.get("FRONTDOOR_LOG_REDACTION_KEY", "")
    if explicit:
        return explicit.encode()
    data_key = os.environ.get("FRONTDOOR_DATA_KEY", "") or DEV_DATA_KEY
    return derive(data_key, LABEL, 32)


def redacted(value: str | None) -> str:
    """A short stable keyed fingerprint of a phone number or message id ("-" for none)."""
    if not value:
        return "-"
    digest = hmac.new(redaction_key(), value.encode(), hashlib.sha256).hexdigest()
    return digest[:FINGERPRINT_HEX]
