"""Run in the bot environment: write or read a real Rasa SQL tracker store (tests/api retention).

`python tests/api/tracker_fixture.py write DB NOW` writes three conversations with events at
known ages; `... read DB` prints each conversation's user texts as Rasa retrieves them (JSON).
"""

from __future__ import annotations

import asyncio
import json
import sys

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

DAY = 86_400.0
QUIET, RETURNING, LONG = "+447700900001", "+447700900002", "+447700900003"


def _session(start: float, *texts: str) -> list:
    """A session that started at `start`, one user message a minute after another."""
    events = [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
    ]
    for i, words in enumerate(texts, start=1):
        events.append(UserUttered(words, timestamp=start + 60 * i))
    return events


async def write(store: SQLTrackerStore, now: float) -> None:
    conversations = {
        QUIET: _session(now - 40 * DAY, "old quiet words"),
        RETURNING: _session(now - 40 * DAY, "old returning words")
        + _session(now - 2 * DAY, "new returning words"),
        LONG: _session(now - 40 * DAY, "long session start")
        + [UserUttered("long session recent", timestamp=now - DAY)],
    }
    for sender, events in conversations.items():
        await store.save(DialogueStateTracker.from_events(sender, events))


async def read(store: SQLTrackerStore) -> None:
    texts = {}
    for sender in (QUIET, RETURNING, LONG):
        tracker = await store.retrieve_full_tracker(sender)
        texts[sender] = [
            e.text for e in (tracker.events if tracker else []) if isinstance(e, UserUttered)
        ]
    sys.stdout.write(json.dumps(texts) + "\n")


def main() -> None:
    command, db = sys.argv[1], sys.argv[2]
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=db)
    if command == "write":
        asyncio.run(write(store, float(sys.argv[3])))
    else:
        asyncio.run(read(store))


if __name__ == "__main__":
    main()
