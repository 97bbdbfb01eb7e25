"""Tracker stores that forget a conversation when the person asks us to DELETE their data.

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
import json
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

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
                self._cache.pop(sender_id, None)
                return None
            cached = self._cache.get(sender_id)
            if cached is None or cached.version != version:
                rows = self._event_query(session, sender_id, False).all()
                cached = StoredConversation(version, [json.loads(row.data) for row in rows])
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

    def _version(self, session: Any, sender_id: str) -> tuple[int, int] | None:
        """The sender's newest stored event id and event count; None if nothing is stored."""
        newest, count = session.execute(self._version_query, {"sender": sender_id}).one()
        return None if newest is None else (int(newest), int(count))

    def _row(self, sender_id: str, data: dict[str, Any]) -> Any:
        """One stored event, with the columns Rasa's own store fills."""
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=data.get("event"),
            timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _remember(self, sender_id: str, conversation: StoredConversation) -> None:
        self._cache[sender_id] = conversation
        self._cache.move_to_end(sender_id)
        while len(self._cache) > CACHED_CONVERSATIONS:
            self._cache.popitem(last=False)

    def _erase(self, sender_id: str) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(
                synchronize_session=False
            )
            session.commit()
        logger.info("Erased a conversation at the person's request.")


class ErasingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store (scale-out), plus erasure on request.

    Unless `record_exp` is configured, a conversation expires FRONTDOOR_KEEP_CONVERSATIONS_DAYS
    (default 30) after its last turn: the retention job (api/retention.py) can't reach Redis.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.record_exp:
            days = int(os.environ.get("FRONTDOOR_KEEP_CONVERSATIONS_DAYS") or 30)
            self.record_exp = days * 86400

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        if not wants_erasure(tracker):
            await super().save(tracker, timeout)
            return
        self.red.delete(self.key_prefix + tracker.sender_id)
        logger.info("Erased a conversation at the person's request.")
