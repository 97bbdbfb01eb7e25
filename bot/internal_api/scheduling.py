"""The scheduler's calls: who is due a check-in or a reminder, claims on them, outcomes, and the
daily retention job. Each answers None when the API did not do it (down, slow, or refused: a claim
someone else holds), so a pass carries on and the next one tries again."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.transport import InternalApi

logger = logging.getLogger(__name__)


class SchedulerApi:
    """The internal endpoints the scheduler and bot/reminders.py use, over one transport."""

    def __init__(self, api: InternalApi) -> None:
        self.api = api

    async def wait_until_up(self, seconds: float) -> bool:
        """Wait quietly until the API answers its health check (it starts alongside us)."""
        return await self.api.wait_until_up(seconds)

    async def due_check_ins(self, every_hours: float) -> list[dict[str, Any]] | None:
        """The waiting people due a check-in now."""
        return await self._call("GET", f"/internal/check-ins/due?every_hours={every_hours}")

    async def claim_check_in(self, phone: str, every_hours: float) -> dict[str, Any] | None:
        """Claim asking this person (None: someone else asked them just now)."""
        claim = {"phone": phone, "channel": "sms", "every_hours": every_hours}
        return await self._call("POST", "/internal/check-in-prompts", claim)

    async def release_check_in(self, claim_id: int) -> None:
        """Give a claim back, so the next pass asks again."""
        await self._call("DELETE", f"/internal/check-in-prompts/{claim_id}")

    async def due_reminders(self, now: datetime) -> list[dict[str, Any]] | None:
        """The booking reminders due at `now` (worded in each person's language)."""
        return await self._call(
            "GET", "/internal/reminders/due?" + urlencode({"now": now.isoformat()})
        )

    async def claim_reminder(self, booking: int) -> bool:
        """Claim sending this reminder (False: claimed elsewhere, moved or cancelled)."""
        return await self._call("POST", f"/internal/reminders/{booking}/claim") is not None

    async def release_reminder(self, booking: int) -> None:
        """Give a reminder's claim back, so a later pass tries again."""
        await self._call("DELETE", f"/internal/reminders/{booking}/claim")

    async def reminder_outcome(self, booking: int, outcome: dict[str, str]) -> None:
        """Record whether the reminder went (and on which channel)."""
        await self._call("POST", f"/internal/reminders/{booking}/outcome", outcome)

    async def enqueue_message(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """Queue a message for the outbound worker (once per key); its state, None if the API
        could not take it."""
        return await self._call("POST", "/internal/outbound/messages", message)

    async def run_retention(self) -> bool:
        """Have the API delete what is kept past its time (api/retention/service.py)."""
        return await self._call("POST", "/internal/retention") is not None

    async def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        try:
            status, answer, _etag = await self.api.exchange(method, path, body)
        except ApiUnavailable as error:
            if error.status is None:  # no answer at all (an error status is an answer)
                cause = type(error.__cause__ or error).__name__
                logger.warning("API unavailable for the scheduler: %s", cause)
            return None
        return {} if status == 204 else answer
