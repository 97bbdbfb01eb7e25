"""The action server's call for the measures: a conversation reached a step of the journey."""

from __future__ import annotations

from bot.internal_api.transport import InternalApi


async def record_step(
    api: InternalApi, step: str, language: str, channel: str, seconds: int
) -> None:
    """Count one step reached (`POST /internal/measures/steps`; no number, no id is sent)."""
    body = {"step": step, "language": language, "channel": channel, "seconds": seconds}
    await api.request("POST", "/internal/measures/steps", body)
