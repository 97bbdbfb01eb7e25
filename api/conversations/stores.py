"""Rasa's conversation stores as the API reaches them: erase a person's, and rotate the key.

The bot writes them (bot/tracker_stores.py), sealed as api/conversations/cipher.py describes: the
embedded SQL tracker store (`RASA_TRACKER_DB`) and, in scale-out, Redis (`REDIS_URL`, keys
`tracker:<keyed hash>`). Retention erases a person's conversation here when it erases the
person; `python -m api.cli rotate-data-key` re-seals every conversation under the current key
(and seals any stored in clear before encryption, under its keyed hash).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, bindparam, inspect, text

from api.conversations.cipher import (
    REDIS_PREFIX,
    in_clear,
    open_dialogue,
    open_event,
    seal_dialogue,
    seal_event,
)
from api.core import crypto
from api.core.data_keys import Keyring


def redis_client(url: str) -> Any | None:
    """A client on the Redis that holds the conversations (scale-out), if one is configured."""
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url, decode_responses=True)


def erase_conversations(
    phones: Iterable[str], *, sql: Engine | None, redis: Any | None, ring: Keyring | None = None
) -> int:
    """Delete these people's conversations from both stores; returns how many were found."""
    ring = ring or crypto.keyring()
    has_events = sql is not None and inspect(sql).has_table("events")
    delete = text("DELETE FROM events WHERE sender_id IN :names").bindparams(
        bindparam("names", expanding=True)
    )
    erased = 0
    for phone in phones:
        names = [*ring.sender_refs(phone), phone]  # under every key, and any stored in clear
        found = 0
        if has_events and sql is not None:
            with sql.begin() as connection:
                found += connection.execute(delete, {"names": names}).rowcount or 0
        if redis is not None:
            found += int(redis.delete(*(REDIS_PREFIX + name for name in names)))
        erased += 1 if found else 0
    return erased


def reseal_sql(engine: Engine, ring: Keyring | None = None) -> int:
    """Re-seal every SQL tracker event under the current key; returns the rows rewritten.

    An event it cannot open stops it (the transaction changes nothing).
    """
    ring = ring or crypto.keyring()
    if not inspect(engine).has_table("events"):
        return 0
    update = text("UPDATE events SET sender_id = :ref, data = :data, intent_name = NULL "
                  "WHERE id = :id")  # fmt: skip
    changed = 0
    with engine.begin() as connection:
        rows = connection.execute(text("SELECT id, sender_id, data FROM events")).all()
        for row_id, sender_id, data in rows:
            if ring.is_current(sender_id) and ring.is_current(data):
                continue
            if in_clear(data):  # stored before conversations were encrypted
                sender, event = sender_id, json.loads(data)
            else:
                sender, event = open_event(ring, data)
            sealed = seal_event(ring, sender, event)
            connection.execute(update, {"ref": ring.sender_ref(sender), "data": sealed,
                                        "id": row_id})  # fmt: skip
            changed += 1
    return changed


def reseal_redis(client: Any, keep_seconds: int, ring: Keyring | None = None) -> int:
    """Re-seal every Redis conversation under the current key and name, keeping its expiry
    (one stored in clear without an expiry gets `keep_seconds`); returns the values rewritten."""
    ring = ring or crypto.keyring()
    changed = 0
    for key in client.scan_iter(match=REDIS_PREFIX + "*", count=500):
        name = key.removeprefix(REDIS_PREFIX)
        stored = client.get(key)
        if stored is None or (ring.is_current(name) and ring.is_current(stored)):
            continue
        serialised = stored if in_clear(stored) else open_dialogue(ring, stored)
        new_key = REDIS_PREFIX + ring.sender_ref(json.loads(serialised)["name"])
        expires_ms = client.pttl(key)
        pipe = client.pipeline()
        pipe.set(new_key, seal_dialogue(ring, serialised),
                 px=expires_ms if expires_ms > 0 else keep_seconds * 1000)  # fmt: skip
        if new_key != key:
            pipe.delete(key)
        pipe.execute()
        changed += 1
    return changed
