"""Rasa's Redis lock store, with locks named by the conversation's keyed hash, not the number.

A lock lives only for a turn, but Redis persists it (append-only file), so its key and value
carry `Keyring.sender_ref(number)` (api/core/data_keys.py) instead. Configured in
bot/endpoints.scaled.yml by module path.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from api.core.data_keys import keyring_from_environ


class HashedRedisLockStore(RedisLockStore):
    """Ticket locks in Redis under `lock:<keyed hash>`."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # how Rasa builds a lock store named by module path
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
        self.ring = keyring_from_environ()

    def _name(self, conversation_id: str) -> str:
        return self.key_prefix + self.ring.sender_ref(conversation_id)

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's lock (named by the number again in memory only)."""
        stored = self.red.get(self._name(conversation_id))
        if not stored:
            return None
        lock = TicketLock.from_dict(json.loads(stored))
        lock.conversation_id = conversation_id
        return lock

    def delete_lock(self, conversation_id: str) -> None:
        """Delete the conversation's lock."""
        deleted = self.red.delete(self._name(conversation_id))
        self._log_deletion(self.ring.sender_ref(conversation_id), bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        """Store the lock under the keyed hash, which its value names too."""
        ref = self.ring.sender_ref(lock.conversation_id)
        self.red.set(self.key_prefix + ref, TicketLock(ref, lock.tickets).dumps())
