"""Messages we start (a check-in while someone waits): sent through Twilio's REST API.

Rasa uses an input channel's output channel when something other than a webhook starts a turn
(`POST /conversations/{id}/trigger_intent?output_channel=twilio_sms`). Replies to webhooks never
come here: they go back as TwiML.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel

from bot.channels import twilio_core as core
from bot.outbound import Outbound, OutboundRefused

logger = logging.getLogger(__name__)


class TwilioSmsPush(OutputChannel):
    """Sends each bot message as an SMS (numbered menu included), unless the person opted out."""

    def __init__(self, outbound: Outbound | None = None) -> None:
        self._outbound = outbound

    @classmethod
    def name(cls) -> str:
        return "twilio_sms"

    def _sender(self) -> Outbound:
        if self._outbound is None:
            self._outbound = Outbound.from_env()
        return self._outbound

    async def _send(self, recipient_id: str, text: str) -> None:
        try:
            await asyncio.to_thread(self._sender().send_sms, recipient_id, text)
        except OutboundRefused as refused:  # opted out: never message them, say so in the logs
            logger.info("Not sent to %s: %s", core.redacted(recipient_id), type(refused).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, core.numbered_menu(text, buttons))
