"""The tracker store forgets a conversation when the person's data has been erased."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

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
