"""The channels' way to the records: opt-outs, opt-ins and delivery status, through the API."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.channels import twilio_core as core

logger = logging.getLogger(__name__)

# Twilio's own opt-out and opt-in keywords on long codes (it answers them itself).
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
# Twilio also treats YES as an opt-in, but here it is an answer: it stays in the conversation.
START_WORDS = {"START", "UNSTOP"}


def keyword(body: str | None) -> str | None:
    """ "stop" or "start" when the whole message is one of Twilio's keywords, else None."""
    word = (body or "").strip().strip(".!").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    return None


class ContactApiError(Exception):
    """The API did not record what the channel sent."""


@dataclass(frozen=True)
class ContactApi:
    """Async client for the API's /internal/contact-preferences and /internal/messages."""

    base_url: str
    service_token: str
    timeout_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> ContactApi:
        """API_URL and FRONTDOOR_SERVICE_TOKEN, as the action server reads them."""
        return cls(
            os.environ.get("API_URL", "http://localhost:8000").rstrip("/"),
            os.environ.get("FRONTDOOR_SERVICE_TOKEN", "dev-service-token"),
        )

    async def opt_out(self, phone: str, channel: str) -> None:
        """Record that this number asked for no more messages on this channel."""
        body = {"phone": phone, "channel": channel}
        await self._post("/internal/contact-preferences/opt-out", body)

    async def opt_in(self, phone: str, channel: str) -> None:
        """Record that this number opted back in on this channel."""
        body = {"phone": phone, "channel": channel}
        await self._post("/internal/contact-preferences/opt-in", body)

    async def message_status(self, form: dict[str, str], channel: str) -> None:
        """Forward a Twilio status callback (already verified) to the records."""
        body: dict[str, Any] = {
            "message_sid": form.get("MessageSid") or form.get("SmsSid") or "",
            "status": form.get("MessageStatus") or form.get("SmsStatus") or "",
            "error_code": form.get("ErrorCode") or None,
            "to": core.sender_id_for(form.get("To")),
            "channel": channel,
        }
        await self._post("/internal/messages/status", body)

    async def _post(self, path: str, body: dict[str, Any]) -> None:
        headers = {"Authorization": f"Bearer {self.service_token}"}
        timeout = aiohttp.ClientTimeout(total=self.timeout_seconds)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(self.base_url + path, json=body, headers=headers) as reply:
                    if reply.status >= 300:
                        raise ContactApiError(f"{path} answered {reply.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:  # not builtin on 3.10
            raise ContactApiError(f"{path} unreachable: {type(error).__name__}") from error
