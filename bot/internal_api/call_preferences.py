"""How a number wants to be spoken to on a call (slower speech), through the API."""

from __future__ import annotations

from urllib.parse import quote

from bot.internal_api.transport import InternalApi

PATH = "/internal/call-preferences"


class ApiCallPreferences(InternalApi):
    """Call preferences read from and written to the API's internal endpoints."""

    async def slower_speech(self, phone: str) -> bool:
        """Whether the number asked for slower speech on an earlier call."""
        body = await self.request("GET", f"{PATH}?phone={quote(phone)}")
        return body.get("slower_speech") is True

    async def keep_slower_speech(self, phone: str) -> None:
        """Keep the number's choice of slower speech for its next calls."""
        await self.request("PUT", PATH, {"phone": phone, "slower_speech": True})
