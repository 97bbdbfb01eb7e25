"""Noticing the turn that erased the person, so the channel forgets that number's replies.

`action_flow` answers a confirmed DELETE with `utter_deleted` only once the API has erased the
records (and the tracker store then deletes the conversation). Rasa hands every bot message to
the output channel with the name of its response (`utter_action`), so the collector sees it.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel

ERASED_REPLY = "utter_deleted"


class ErasureAwareCollector(CollectingOutputChannel):
    """Collects a turn's replies and remembers whether one of them said the person is erased."""

    def __init__(self) -> None:
        super().__init__()
        self.erased = False

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        """Note the erasure reply, then collect the message as usual."""
        self.erased = self.erased or message.get("utter_action") == ERASED_REPLY
        await super().send_response(recipient_id, message)
