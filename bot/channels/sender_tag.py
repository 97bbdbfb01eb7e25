"""A keyed hash of a sender id: finds a number's cached replies without storing the number.

The same keyed hash that names the person's conversation (`api/core/data_keys.py` `sender_ref`,
derived from FRONTDOOR_DATA_KEY), because phone numbers are few enough that a plain hash of one
could be reversed by trying them. A rotation renames it; cached replies last only a day.
"""

from __future__ import annotations

import os
from functools import lru_cache

from api.core.data_keys import Keyring, keyring_from_environ

SETTINGS = ("FRONTDOOR_ENV", "FRONTDOOR_DATA_KEY", "FRONTDOOR_OLD_DATA_KEYS")


@lru_cache(maxsize=4)
def _keyring(settings: tuple[tuple[str, str], ...]) -> Keyring:
    """Deriving keys costs more than a turn's hashing: once per configuration."""
    return keyring_from_environ(dict(settings))


def sender_tag(sender_id: str) -> str:
    """A name that stands for the sender id and says nothing about it."""
    settings = tuple((name, os.environ.get(name, "")) for name in SETTINGS)
    return _keyring(settings).sender_ref(sender_id)
