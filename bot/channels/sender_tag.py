"""A keyed hash of a sender id: finds a number's cached replies without storing the number.

Keyed with the service token (FRONTDOOR_SERVICE_TOKEN, a secret every Front Door process has),
because phone numbers are few enough that a plain hash of one could be reversed by trying them.
"""

from __future__ import annotations

import hashlib
import hmac
import os

LABEL = b"frontdoor reply cache sender\x00"


def sender_tag(sender_id: str, key: str | None = None) -> str:
    """32 hex characters that stand for the sender id and say nothing about it."""
    secret = (key or os.environ.get("FRONTDOOR_SERVICE_TOKEN") or "dev-service-token").encode()
    return hmac.new(secret, LABEL + sender_id.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
