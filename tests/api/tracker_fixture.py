"""Run in the bot environment: write or read Rasa conversations through our own tracker stores
(sealed at rest, bot/tracker_stores.py), for the API's retention and rotation tests.

`python tests/api/tracker_fixture.py write DB NOW` writes three conversations with events at
known ages; `... read DB` prints each conversation's user texts as Rasa retrieves them (JSON).
`... write-people DB REDIS_URL PHONE...` writes one conversation per number in both stores;
`... read-people DB REDIS_URL PHONE...` prints each number's user texts in each store (JSON).
The data keys come from the environment (FRONTDOOR_DATA_KEY, FRONTDOOR_OLD_DATA_KEYS).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_stores import ErasingRedisTrackerStore, ErasingSQLTrackerStore

DAY = 86_400.0
QUIET, RETURNING, LONG = "+447700900001", "+447700900002", "+447700900003"
DOMAIN = Domain.from_path(Path(__file__).resolve().parents[2] / "bot" / "domain.yml")


def _session(start: float, *texts: str) -> list:
    """A session that started at `start`, one user message a minute after another."""
    events = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
    ]
    for i, words in enumerate(texts, start=1):
        events.append(UserUttered(words, timestamp=start + 60 * i))
    return events


async def write(store: ErasingSQLTrackerStore, now: float) -> None:
    conversations = {
        QUIET: _session(now - 40 * DAY, "old quiet words"),
        RETURNING: _session(now - 40 * DAY, "old returning words")
        + _session(now - 2 * DAY, "new returning words"),
        LONG: _session(now - 40 * DAY, "long session start")
        + [UserUttered("long session recent", timestamp=now - DAY)],
    }
    for sender, events in conversations.items():
        await store.save(DialogueStateTracker.from_events(sender, events))


def _texts(tracker: DialogueStateTracker | None) -> list[str]:
    return [e.text for e in (tracker.events if tracker else []) if isinstance(e, UserUttered)]


async def read(store: ErasingSQLTrackerStore, senders: list[str]) -> None:
    texts = {sender: _texts(await store.retrieve_full_tracker(sender)) for sender in senders}
    sys.stdout.write(json.dumps(texts) + "\n")


def _redis(url: str) -> ErasingRedisTrackerStore:
    parts = urlsplit(url)
    db = int((parts.path or "/0").lstrip("/") or 0)
    return ErasingRedisTrackerStore(DOMAIN, host=parts.hostname, port=parts.port, db=db)


async def write_people(sql: ErasingSQLTrackerStore, redis: ErasingRedisTrackerStore,
                       phones: list[str]) -> None:  # fmt: skip
    for phone in phones:
        events = [ActionExecuted("action_listen"), UserUttered(f"words of {phone[-3:]}")]
        for store in (sql, redis):
            await store.save(DialogueStateTracker.from_events(phone, events))


async def read_people(sql: ErasingSQLTrackerStore, redis: ErasingRedisTrackerStore,
                      phones: list[str]) -> None:  # fmt: skip
    texts = {
        phone: {"sql": _texts(await sql.retrieve(phone)),
                "redis": _texts(await redis.retrieve(phone))}
        for phone in phones
    }  # fmt: skip
    sys.stdout.write(json.dumps(texts) + "\n")


def main() -> None:
    command, db = sys.argv[1], sys.argv[2]
    store = ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    if command == "write":
        asyncio.run(write(store, float(sys.argv[3])))
    elif command == "read":
        asyncio.run(read(store, [QUIET, RETURNING, LONG]))
    elif command == "write-people":
        asyncio.run(write_people(store, _redis(sys.argv[3]), sys.argv[4:]))
    else:
        asyncio.run(read_people(store, _redis(sys.argv[3]), sys.argv[4:]))


if __name__ == "__main__":
    main()
