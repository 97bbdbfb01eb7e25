"""How Rasa's conversation store is sealed at rest, shared by the bot (which writes it) and the
API (which rotates the key over it and erases from it). Pure: only json and api/core/data_keys.py.

- A conversation is named by `Keyring.sender_ref(number)` (a keyed hash), never the number: the
  SQL store's `sender_id` column and the Redis key `tracker:<ref>` both hold that.
- A SQL event row's `data` is AES-GCM sealed JSON `{"sender": number, "event": {...}}`; the
  sealed sender lets a key rotation compute the conversation's new name.
- A Redis value is Rasa's serialised dialogue (its `name` is the number), AES-GCM sealed.
"""

from __future__ import annotations

import json
from typing import Any

from api.core.data_keys import Keyring

REDIS_PREFIX = "tracker:"  # Rasa's default key prefix for the Redis tracker store


def seal_event(ring: Keyring, sender: str, event: dict[str, Any]) -> str:
    """One SQL event row's stored `data`."""
    return ring.seal_text(json.dumps({"sender": sender, "event": event}))


def open_event(ring: Keyring, stored: str) -> tuple[str, dict[str, Any]]:
    """The sender and the event of a stored SQL row (raises DecryptionError if it can't)."""
    payload = json.loads(ring.open(stored, lookup=False))
    return str(payload["sender"]), payload["event"]


def seal_dialogue(ring: Keyring, serialised: str) -> str:
    """A Redis tracker value, from Rasa's serialised dialogue."""
    return ring.seal_text(serialised)


def open_dialogue(ring: Keyring, stored: str) -> str:
    """Rasa's serialised dialogue from a Redis tracker value."""
    return ring.open(stored, lookup=False)


def in_clear(stored: str) -> bool:
    """Whether a stored row or value was written before conversations were encrypted."""
    return stored.lstrip().startswith("{")
