"""The action server's calls about someone acting for someone (/internal/representatives)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bot.internal_api.transport import InternalApi


async def register(
    api: InternalApi, phone: str, details: dict[str, Any], channel: str
) -> dict[str, Any]:
    """Record the sender as acting for the person: {"id", "status" ("pending": the person's YES
    awaited, or "active"), "person_language" (theirs if we knew them already)}. ApiRefused when
    the API won't take the person's number."""
    body = {
        "phone": phone,
        "person_phone": details.get("phone"),
        "person_language": details.get("language"),
        "relationship": details.get("relationship"),
        "authority": details.get("authority"),
        "child_age": details.get("child_age"),
        "channel": channel,
    }
    return await api.request("POST", "/internal/representatives", body)


async def answer(api: InternalApi, phone: str, confirmed: bool, channel: str) -> dict[str, Any]:
    """The person's YES or NO: {"status", "language", "relationship"}; ApiRefused (404) when
    nobody waits for this number's answer."""
    body = {"phone": phone, "confirmed": confirmed, "channel": channel}
    return await api.request("POST", "/internal/representatives/answer", body)


async def end(api: InternalApi, phone: str, channel: str) -> dict[str, Any]:
    """The person ends everyone acting for them: {"ended": how many, "language"}."""
    body = {"phone": phone, "channel": channel}
    return await api.request("POST", "/internal/representatives/end", body)


async def read_for(api: InternalApi, phone: str) -> dict[str, Any]:
    """What is held about the person this number acts for: {"allowed", "reason", "held"}."""
    query = urlencode({"phone": phone})
    return await api.request("GET", f"/internal/representatives/held?{query}")
