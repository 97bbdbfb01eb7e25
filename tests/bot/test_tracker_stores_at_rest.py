"""The conversation store keeps no phone number and no words in clear (SQL and Redis).

Conversations are named by a keyed hash of the number and their events are AES-GCM sealed with
the data key (api/core/data_keys.py); old keys still open and find them during a rotation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from api.core.data_keys import Keyring
from bot.lock_stores import HashedRedisLockStore
from bot.tracker_stores import ErasingRedisTrackerStore, ErasingSQLTrackerStore
from tests.support.redis_server import dump_every_key

DOMAIN = Domain.from_path(Path(__file__).resolve().parents[2] / "bot" / "domain.yml")
KEY_A = "a-first-data-key-of-at-least-32-characters"
KEY_B = "a-second-data-key-of-at-least-32-characters"
NUMBER = "+447700900917"
FORMS = ("7700900917", "7700 900917", "07700900917")  # E.164 digits, national, spaced
WORDS = "my daughter Wiesława reads my letters"
SLOT_WORDS = "Wiesława helps on Tuesdays"


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", KEY_A)
    monkeypatch.delenv("FRONTDOOR_OLD_DATA_KEYS", raising=False)
    yield


def rotate(monkeypatch: pytest.MonkeyPatch) -> None:
    """KEY_B becomes current; KEY_A only decrypts."""
    monkeypatch.setenv("FRONTDOOR_DATA_KEY", KEY_B)
    monkeypatch.setenv("FRONTDOOR_OLD_DATA_KEYS", KEY_A)


def conversation(sender: str = NUMBER) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        sender,
        [
            ActionExecuted("action_listen"),
            UserUttered(WORDS),
            SlotSet("language", "pl"),
            SlotSet("answers", {"helper": SLOT_WORDS}),
            ActionExecuted("action_listen"),
        ],
    )


def texts_of(tracker: DialogueStateTracker | None) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def clear(raw: bytes) -> list[str]:
    """What of the number and the words can be read in raw bytes."""
    found = [form for form in (*FORMS, NUMBER) if form.encode() in raw]
    for words in (WORDS, SLOT_WORDS, "Wiesława", "Wies\\u0142awa", "daughter"):
        if words.encode() in raw:
            found.append(words)
    return found


def files_in(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def redis_dump(client: redis.Redis) -> bytes:
    """Every key and every value in every database of the client's Redis server."""
    kwargs = client.connection_pool.connection_kwargs
    return dump_every_key(f"redis://{kwargs['host']}:{kwargs['port']}/0")


def test_sql_store_holds_no_number_or_words_in_clear(tmp_path: Path, keys: None) -> None:
    db = tmp_path / "var" / "rasa-tracker.db"
    db.parent.mkdir()
    store = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    asyncio.run(store.save(conversation()))

    cold = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    tracker = asyncio.run(cold.retrieve(NUMBER))
    assert texts_of(tracker) == [WORDS]
    assert tracker.get_slot("answers") == {"helper": SLOT_WORDS}
    store.engine.dispose()
    cold.engine.dispose()
    assert clear(files_in(db.parent)) == []
    import sqlite3

    with sqlite3.connect(db) as connection:
        senders = {row[0] for row in connection.execute("SELECT sender_id FROM events")}
    assert senders == {Keyring(KEY_A).sender_ref(NUMBER)}


def redis_store(url: str, db: int = 3) -> ErasingRedisTrackerStore:
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    return ErasingRedisTrackerStore(DOMAIN, host=host, port=int(port), db=db)


def test_redis_store_holds_no_number_or_words_in_clear(redis_url: str, keys: None) -> None:
    store = redis_store(redis_url)
    asyncio.run(store.save(conversation()))
    tracker = asyncio.run(redis_store(redis_url).retrieve(NUMBER))
    assert texts_of(tracker) == [WORDS]
    assert tracker.get_slot("answers") == {"helper": SLOT_WORDS}
    assert clear(redis_dump(redis.Redis.from_url(redis_url))) == []


def test_redis_expiry_counts_from_the_conversation_start_not_the_last_turn(
    redis_url: str, keys: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each turn must not restart the clock: a conversation lives at most the retention period."""
    monkeypatch.setenv("FRONTDOOR_KEEP_CONVERSATIONS_DAYS", "7")
    store = redis_store(redis_url, db=4)
    client = redis.Redis.from_url(redis_url.rsplit("/", 1)[0] + "/4")
    asyncio.run(store.save(conversation("+447700900918")))
    (key,) = client.keys("tracker:*")
    assert 7 * 86400 - 60 < client.ttl(key) <= 7 * 86400
    client.expire(key, 3600)  # as if the conversation started almost 7 days ago

    tracker = asyncio.run(store.retrieve("+447700900918"))
    tracker.update(UserUttered("one more turn"))
    asyncio.run(store.save(tracker))

    assert 0 < client.ttl(key) <= 3600
    assert texts_of(asyncio.run(store.retrieve("+447700900918"))) == [WORDS, "one more turn"]


def test_a_conversation_under_an_old_key_is_found_and_moves_to_the_new_key(
    tmp_path: Path, redis_url: str, keys: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "rotating.db")
    asyncio.run(ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db).save(conversation()))
    asyncio.run(redis_store(redis_url, db=5).save(conversation()))
    rotate(monkeypatch)

    for store in (ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db),
                  redis_store(redis_url, db=5)):  # fmt: skip
        tracker = asyncio.run(store.retrieve(NUMBER))
        assert texts_of(tracker) == [WORDS], type(store).__name__
        tracker.update(UserUttered("after the rotation"))
        asyncio.run(store.save(tracker))
        assert texts_of(asyncio.run(store.retrieve(NUMBER))) == [WORDS, "after the rotation"]

    new_ref = Keyring(KEY_B).sender_ref(NUMBER)
    import sqlite3

    with sqlite3.connect(db) as connection:
        senders = {row[0] for row in connection.execute("SELECT sender_id FROM events")}
    assert senders == {new_ref}
    client = redis.Redis.from_url(redis_url.rsplit("/", 1)[0] + "/5", decode_responses=True)
    assert client.keys("tracker:*") == [f"tracker:{new_ref}"]


def test_erasure_in_redis_removes_the_conversation(redis_url: str, keys: None) -> None:
    store = redis_store(redis_url, db=6)
    asyncio.run(store.save(conversation()))
    tracker = asyncio.run(store.retrieve(NUMBER))
    tracker.update(SlotSet("erase_conversation", True))
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve(NUMBER)) is None
    assert redis.Redis.from_url(redis_url.rsplit("/", 1)[0] + "/6").keys("*") == []


def test_redis_locks_are_named_by_the_keyed_hash(redis_url: str, keys: None) -> None:
    host, port = redis_url.removeprefix("redis://").split("/")[0].split(":")
    config = EndpointConfig(url=host, port=int(port), db=7, type="x")
    locks = HashedRedisLockStore(endpoint_config=config)
    client = redis.Redis(host=host, port=int(port), db=7)

    async def scenario() -> bytes:
        async with locks.lock(NUMBER):
            return redis_dump(client)

    held = asyncio.run(scenario())
    assert b"lock:" in held
    assert clear(held) == []
    assert client.keys("*") == []
