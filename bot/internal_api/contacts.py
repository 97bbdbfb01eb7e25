"""The channels' calls: opt-outs, opt-ins and Twilio delivery status, recorded through the API."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.channels.twilio_core import sender_id_for
from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.settings import DEFAULT_TIMEOUT_SECONDS
from bot.internal_api.transport import InternalApi


class ContactApi(InternalApi):
    """Async client for /internal/contact-preferences and /internal/messages (a connection per
    call: the channels record these rarely)."""

    def __init__(
        self,
        base_url: str,
        service_token: str,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        super().__init__(base_url, service_token, timeout_seconds, session, keep_alive=False)

    async def opt_out(self, phone: str, channel: str) -> None:
        """Record that this number asked for no more messages on this channel."""
        body = {"phone": phone, "channel": channel}
        await self.request("POST", "/internal/contact-preferences/opt-out", body)

    async def opt_in(self, phone: str, channel: str) -> None:
        """Record that this number opted back in on this channel."""
        body = {"phone": phone, "channel": channel}
        await self.request("POST", "/internal/contact-preferences/opt-in", body)

    async def confirmation(self, response: str, language: str, channel: str) -> str:
        """One response rendered in a language for a channel (the STOP/START confirmation)."""
        body = {
            "replies": [{"response": response, "arguments": {"language": language}}],
            "slots": {"language": language},
            "channel": channel,
        }
        messages = (await self.request("POST", "/internal/render", body)).get("messages")
        if not isinstance(messages, list) or len(messages) != 1:
            raise ApiUnavailable("the API rendered no confirmation")
        return str(messages[0].get("text") or "")

    async def message_status(self, form: dict[str, str], channel: str) -> None:
        """Forward a Twilio status callback (already verified) to the records."""
        body: dict[str, Any] = {
            "message_sid": form.get("MessageSid") or form.get("SmsSid") or "",
            "status": form.get("MessageStatus") or form.get("SmsStatus") or "",
            "error_code": form.get("ErrorCode") or None,
            "to": sender_id_for(form.get("To")),
            "channel": channel,
        }
        await self.request("POST", "/internal/messages/status", body)
