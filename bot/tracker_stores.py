"""Tracker stores that forget a conversation when the person asks us to DELETE their data.

`action_flow` sets the slot `erase_conversation` once the API has erased its records; instead of
saving that turn, these stores remove every stored event of the conversation, so nothing the
person said stays behind in Rasa either. Configured in bot/endpoints.yml by module path.
"""

from __future__ import annotations

import logging

from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"


def wants_erasure(tracker: DialogueStateTracker) -> bool:
    """Whether this turn ended with the person's data erased."""
    return bool(tracker.get_slot(ERASE_SLOT))


class ErasingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store (the embedded default), plus erasure on request."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not wants_erasure(tracker):
            await super().save(tracker)
            return
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(
                self.SQLEvent.sender_id == tracker.sender_id
            ).delete(synchronize_session=False)
            session.commit()
        logger.info("Erased a conversation at the person's request.")


class ErasingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store (scale-out), plus erasure on request."""

    async def save(self, tracker: DialogueStateTracker, timeout: float | None = None) -> None:
        if not wants_erasure(tracker):
            await super().save(tracker, timeout)
            return
        self.red.delete(self.key_prefix + tracker.sender_id)
        logger.info("Erased a conversation at the person's request.")
