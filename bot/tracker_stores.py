"""Tracker stores that keep conversations sealed at rest and forget them on DELETE.

At rest (api/conversations/cipher.py, keys from api/core/data_keys.py): a conversation is named by a
keyed hash of the phone number (HMAC-SHA256 under a sub-key of FRONTDOOR_DATA_KEY), never the
number, and every event (messages, slots) is AES-GCM sealed under the data key. Old keys
(FRONTDOOR_OLD_DATA_KEYS) still open and find a conversation; the first turn after a rotation
moves it under the new key's name (`python -m api.cli rotate-data-key` moves the rest).

`action_flow` sets the slot `erase_conversation` once the API has erased its records; instead of
saving that turn, these stores remove every stored event of the conversation, so nothing the
person said stays behind in Rasa either. Configured in bot/endpoints.yml by module path.

The SQL store (the embedded default) is also made cheap per turn: every turn Rasa and our
channels read the conversation back from the database, so recent conversations are kept in
memory and reused while the database's newest event id and event count for that sender are
unchanged (one indexed query). Another Rasa instance writing, or a retention job deleting, changes
them, so the copy is never stale. On SQLite the database runs in WAL mode with
`synchronous=NORMAL`: a killed process loses nothing committed; only a power cut can lose the
last turns.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import redis
import sqlalchemy as sa
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions

from api.conversations.cipher import open_dialogue, open_event, seal_dialogue, seal_event
from api.core.data_keys import Keyring, keyring_from_environ

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"
CACHED_CONVERSATIONS = 2048


def wants_erasure(tracker: DialogueStateTracker) -> bool:
    """Whether this turn ended with the person's data erased."""
    return bool(tracker.get_slot(ERASE_SLOT))


@dataclass(frozen=True)
class StoredConversation:
    """The latest session's events as stored, and the sender's stored (newest id, event count)."""

    version: tuple[int, int]
    events: list[dict[str, Any]]


def latest_session(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events from the last `session_started` on, as Rasa's SQL store retrieves them."""
    starts = [i for i, event in enumerate(events) if event.get("event") == SessionStarted.type_name]
    return events[starts[-1] :] if starts else events


def use_wal(dbapi_connection: Any, _record: Any) -> None:
    """SQLite: readers don't block the writer; commit without a disk flush per turn."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # an erased conversation doesn't linger on disk
    cursor.close()


class ErasingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store (the embedded default), plus erasure and a validated cache."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (
            None,
            "",
            ":memory:",
        ):
            # Rasa's engine opens a new SQLite connection per query; keep a pooled one instead.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=sa.pool.QueuePool
            )
            sa.event.listen(self.engine, "connect", use_wal)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.ring: Keyring = keyring_from_environ()
        self._cache: OrderedDict[str, StoredConversation] = OrderedDict()
        event = self.SQLEvent
        self._version_query = sa.select(sa.func.max(event.id), sa.func.count(event.id)).where(
            event.sender_id == sa.bindparam("sender")
        )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The latest session of the conversation, from memory while nothing newer is stored."""
        with self.session_scope() as session:
            version = self._version(session, sender_id)
            if version is None:
                version = self._move_from_old_keys(session, sender_id)
            if version is None:
                self._cache.pop(sender_id, None)
                return None
            cached = self._cache.get(sender_id)
            if cached is None or cached.version != version:
                rows = self._event_query(session, sender_id, False).all()
                cached = StoredConversation(version, self._open(rows))
            self._remember(sender_id, cached)
        if not self.domain or not cached.events:
            return None
        return DialogueStateTracker.from_dict(sender_id, cached.events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn's new events (or erase the conversation, when asked to)."""
        sender_id = tracker.sender_id
        cached = self._cache.pop(sender_id, None)
        if wants_erasure(tracker):
            self._erase(sender_id)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            version = self._version(session, sender_id)
            remembered = cached is not None and cached.version == version
            if remembered:
                # What Rasa's count query would find: the latest session's events, as remembered.
                new_events = list(itertools.islice(tracker.events, len(cached.events), None))
            else:
                new_events = list(self._additional_events(session, tracker))
            new_dicts = [event.as_dict() for event in new_events]
            rows = [self._row(sender_id, data) for data in new_dicts]
            session.add_all(rows)
            session.flush()
            stored_before = version[1] if version else 0
            saved = (max(row.id for row in rows), stored_before + len(rows)) if rows else None
            session.commit()
        if saved is not None:
            # Serialise only this turn's events when the earlier ones are remembered.
            if remembered and cached is not None:
                events = [*cached.events, *new_dicts]
            else:
                events = [event.as_dict() for event in tracker.events]
            self._remember(sender_id, StoredConversation(saved, latest_session(events)))

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """Every session of the conversation (Rasa's HTTP API asks for it)."""
        with self.session_scope() as session:
            if self._version(session, conversation_id) is None:
                self._move_from_old_keys(session, conversation_id)
            events = self._open(self._event_query(session, conversation_id, True).all())
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(conversation_id, events, self.domain.slots)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:
            return await self.retrieve_full_tracker(sender_id)
        return await self.retrieve(sender_id)

    def _event_query(
        self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Any:
        """Rasa's query for a conversation's events, by its keyed hash instead of the number."""
        ref = self.ring.sender_ref(sender_id)
        return super()._event_query(session, ref, fetch_events_from_all_sessions)

    def _open(self, rows: list[Any]) -> list[dict[str, Any]]:
        """The events of stored rows."""
        return [open_event(self.ring, row.data)[1] for row in rows]

    def _version(self, session: Any, sender_id: str) -> tuple[int, int] | None:
        """The sender's newest stored event id and event count; None if nothing is stored."""
        ref = self.ring.sender_ref(sender_id)
        newest, count = session.execute(self._version_query, {"sender": ref}).one()
        return None if newest is None else (int(newest), int(count))

    def _move_from_old_keys(self, session: Any, sender_id: str) -> tuple[int, int] | None:
        """After a key rotation: name a conversation stored under an old key by the new one."""
        old = self.ring.sender_refs(sender_id)[1:]
        if not old:
            return None
        event = self.SQLEvent
        moved = session.execute(
            sa.update(event)
            .where(event.sender_id.in_(old))
            .values(sender_id=self.ring.sender_ref(sender_id))
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
        return self._version(session, sender_id) if moved else None

    def _row(self, sender_id: str, data: dict[str, Any]) -> Any:
        """One stored event: Rasa's columns, but named by the keyed hash and sealed.

        `intent_name` stays empty: an intent such as a health condition says too much.
        """
        return self.SQLEvent(
            sender_id=self.ring.sender_ref(sender_id),
            type_name=data.get("event"),
            timestamp=data.get("timestamp"),
            intent_name=None,
            action_name=data.get("name"),
            data=seal_event(self.ring, sender_id, data),
        )

    def _remember(self, sender_id: str, conversation: StoredConversation) -> None:
        self._cache[sender_id] = conversation
        self._cache.move_to_end(sender_id)
        while len(self._cache) > CACHED_CONVERSATIONS:
            self._cache.popitem(last=False)

    def _erase(self, sender_id: str) -> None:
        names = [*self.ring.sender_refs(sender_id), sender_id]  # every key's, and any in clear
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id.in_(names)).delete(
                synchronize_session=False
            )
            session.commit()
        logger.info("Erased a conversation at the person's request.")


class ErasingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store (scale-out), sealed at rest, plus erasure on request.

    Unless `record_exp` is configured, a conversation expires FRONTDOOR_KEEP_CONVERSATIONS_DAYS
    (default 30) after it was first stored, however many turns follow: the expiry is set when
    the key is created and kept on every later save (the retention job's period, as an
    absolute bound, since retention can't trim events inside a Redis value).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ring: Keyring = keyring_from_environ()
        if not self.record_exp:
            days = int(os.environ.get("FRONTDOOR_KEEP_CONVERSATIONS_DAYS") or 30)
            self.record_exp = days * 86400

    def _key(self, sender_id: str, ref: str | None = None) -> str:
        return self.key_prefix + (ref or self.ring.sender_ref(sender_id))

    def _stored(self, sender_id: str) -> str | None:
        """The sealed conversation, moved under the current key's name if an old key's holds it."""
        key = self._key(sender_id)
        stored = self.red.get(key)
        for old in self.ring.sender_refs(sender_id)[1:] if stored is None else ():
            try:
                self.red.rename(self._key(sender_id, old), key)  # keeps its expiry
            except redis.ResponseError:  # no such key (or another instance moved it)
                continue
            return self.red.get(key)
        return stored

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        """Store the merged conversation sealed; keep the expiry set when it was created."""
        sender_id = tracker.sender_id
        if wants_erasure(tracker):
            names = [self._key(sender_id, ref) for ref in self.ring.sender_refs(sender_id)]
            self.red.delete(*names, self.key_prefix + sender_id)  # and any stored in clear
            logger.info("Erased a conversation at the person's request.")
            return
        await self.stream_events(tracker)
        stored = self._stored(sender_id)
        if stored is not None:
            prior = self.deserialise_tracker(sender_id, open_dialogue(self.ring, stored))
            tracker = self._merge_trackers(prior, tracker)
        sealed = seal_dialogue(self.ring, self.serialise_tracker(tracker))
        key = self._key(sender_id)
        if not self.red.set(key, sealed, xx=True, keepttl=True):
            self.red.set(key, sealed, ex=int(timeout or self.record_exp))

    async def _retrieve(
        self, sender_id: str, fetch_all_sessions: bool
    ) -> DialogueStateTracker | None:
        stored = self._stored(sender_id)
        if stored is None:
            return None
        tracker = self.deserialise_tracker(sender_id, open_dialogue(self.ring, stored))
        if fetch_all_sessions or tracker is None:
            return tracker
        return get_trackers_for_conversation_sessions(tracker)[-1]
