"""The tracker store forgets a conversation when the person's data has been erased."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from api.conversations.cipher import open_event
from bot.tracker_stores import ErasingSQLTrackerStore

DOMAIN = Domain.from_path(Path(__file__).resolve().parents[2] / "bot" / "domain.yml")


def test_erasure_removes_every_event_of_that_conversation_only(tmp_path: Path) -> None:
    store = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))

    async def scenario() -> tuple[object, object]:
        for sender in ("+447700900001", "+447700900002"):
            tracker = DialogueStateTracker.from_events(
                sender, [ActionExecuted("action_listen"), UserUttered("my phone is broken")]
            )
            await store.save(tracker)
        erasing = await store.retrieve("+447700900001")
        erasing.update(SlotSet("erase_conversation", True))
        await store.save(erasing)
        return await store.retrieve("+447700900001"), await store.retrieve("+447700900002")

    erased, other = asyncio.run(scenario())
    assert erased is None or not [e for e in erased.events if isinstance(e, UserUttered)]
    assert [e.text for e in other.events if isinstance(e, UserUttered)] == ["my phone is broken"]


def conversation(sender: str, *texts: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_listen")]
    for text in texts:
        events += [
            UserUttered(text),
            ActionExecuted("action_flow"),
            ActionExecuted("action_listen"),
        ]
    return DialogueStateTracker.from_events(sender, events)


def texts_of(tracker: DialogueStateTracker | None) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def test_a_second_store_on_the_same_database_never_reads_a_stale_copy(tmp_path: Path) -> None:
    """Two Rasa instances share one database: each sees what the other wrote."""
    db = str(tmp_path / "shared.db")
    first = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    second = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)

    async def scenario() -> tuple[list[str], list[str], list[str]]:
        await first.save(conversation("+447700900003", "hello"))
        seen_first = texts_of(await first.retrieve("+447700900003"))  # now held in memory
        tracker = await second.retrieve("+447700900003")
        tracker.update(UserUttered("my phone is broken"))
        await second.save(tracker)
        again = await first.retrieve("+447700900003")
        again.update(UserUttered("3"))
        await first.save(again)
        return seen_first, texts_of(again), texts_of(await second.retrieve("+447700900003"))

    seen_first, seen_after, seen_by_second = asyncio.run(scenario())
    assert seen_first == ["hello"]
    assert seen_after == ["hello", "my phone is broken", "3"]
    assert seen_by_second == ["hello", "my phone is broken", "3"]


def test_events_deleted_behind_the_store_are_not_served_or_written_back(tmp_path: Path) -> None:
    """A retention job deleting old events directly in the database is respected."""
    import sqlite3

    db = tmp_path / "retention.db"
    store = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))

    async def scenario() -> tuple[list[str], list[str]]:
        await store.save(conversation("+447700900004", "first", "second"))
        assert texts_of(await store.retrieve("+447700900004")) == ["first", "second"]
        with sqlite3.connect(db) as connection:  # the first user message (events are sealed)
            connection.execute(
                "DELETE FROM events WHERE id = "
                "(SELECT MIN(id) FROM events WHERE type_name = 'user')"
            )
        tracker = await store.retrieve("+447700900004")
        read = texts_of(tracker)
        tracker.update(UserUttered("third"))
        await store.save(tracker)
        with sqlite3.connect(db) as connection:
            stored = [json.dumps(open_event(store.ring, row[0])[1]) for row in connection.execute(
                "SELECT data FROM events WHERE type_name = 'user' ORDER BY id"
            )]  # fmt: skip
        return read, [text for text in ("first", "second", "third") if any(
            f'"{text}"' in row for row in stored
        )]  # fmt: skip

    read, stored = asyncio.run(scenario())
    assert read == ["second"]
    assert stored == ["second", "third"]


def test_reading_back_from_memory_gives_the_same_tracker_as_the_database(tmp_path: Path) -> None:
    db = str(tmp_path / "same.db")
    warm = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)

    async def scenario() -> tuple[dict, dict]:
        tracker = conversation("+447700900005", "hi", "yes")
        tracker.update(SlotSet("language", "pl"))
        await warm.save(tracker)
        cold = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
        from_memory = await warm.retrieve("+447700900005")
        from_disk = await cold.retrieve("+447700900005")
        return from_memory.current_state(), from_disk.current_state()

    from_memory, from_disk = asyncio.run(scenario())
    assert from_memory == from_disk
    assert from_memory["slots"]["language"] == "pl"


def test_redis_conversations_expire_after_the_retention_period(redis_url, monkeypatch) -> None:
    """Scale-out keeps transcripts in Redis: each expires FRONTDOOR_KEEP_CONVERSATIONS_DAYS
    after it was first stored (tests/bot/test_tracker_stores_at_rest.py: not its last turn)."""
    import redis

    from bot.tracker_stores import ErasingRedisTrackerStore

    monkeypatch.setenv("FRONTDOOR_KEEP_CONVERSATIONS_DAYS", "7")
    host, port = redis_url.removeprefix("redis://").split("/")[0].split(":")
    store = ErasingRedisTrackerStore(DOMAIN, host=host, port=int(port), db=3)
    asyncio.run(store.save(conversation("+447700900006", "hello")))
    key = store.key_prefix + store.ring.sender_ref("+447700900006")  # named by the keyed hash
    ttl = redis.Redis(host=host, port=int(port), db=3).ttl(key)
    assert 7 * 86400 - 60 < ttl <= 7 * 86400
    assert texts_of(asyncio.run(store.retrieve("+447700900006"))) == ["hello"]
