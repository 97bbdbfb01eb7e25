"""Asks waiting people how they are and reminds people of bookings: `python -m bot.scheduler`.

Every SCHEDULER_POLL_SECONDS it asks the API who is due a check-in (none for
CHECK_IN_EVERY_HOURS), claims each one, and has Rasa start that turn through its HTTP API, so the
question comes from the same flow, words and channel as everything else. The schedule lives in the
API's database: restarting this process (or running two) loses nothing and asks nobody twice.
Reminders of bookings (bot/reminders.py) are queued on the same passes for the outbound worker
(api/outbound/worker.py).
Once a day it also has the API run the retention job (POST /internal/retention).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import aiohttp

from api.core.environment import PlaceholderSecretError, refuse_placeholders
from bot.internal_api.scheduling import SchedulerApi
from bot.internal_api.settings import ApiSettings
from bot.internal_api.transport import InternalApi
from bot.provider_needs import tell_due as tell_due_provider_needs
from bot.redaction import redacted
from bot.reminders import send_due_reminders

logger = logging.getLogger(__name__)
CHECK_IN_INTENT = "check_in_due"
RETENTION_EVERY = timedelta(days=1)
API_START_SECONDS = 90.0  # processes start together: give the API this long before complaining


@dataclass(frozen=True)
class SchedulerSettings:
    """Where the API and Rasa are, and how often to look and ask."""

    api_url: str
    service_token: str
    rasa_url: str
    rasa_token: str
    every_hours: float
    poll_seconds: float

    @classmethod
    def from_env(cls) -> SchedulerSettings:
        """The API's (bot/internal_api/settings.py), RASA_URL, RASA_API_TOKEN and the two
        intervals."""
        api = ApiSettings.from_env()
        return cls(
            api_url=api.api_url,
            service_token=api.service_token,
            rasa_url=os.environ.get("RASA_URL", "http://localhost:5005").rstrip("/"),
            rasa_token=os.environ.get("RASA_API_TOKEN", "dev-rasa-api-token"),
            every_hours=float(os.environ.get("CHECK_IN_EVERY_HOURS", "168")),
            poll_seconds=float(os.environ.get("SCHEDULER_POLL_SECONDS", "60")),
        )


class Scheduler:
    """One pass at a time: due check-ins → claim → trigger (release the claim if it failed)."""

    def __init__(
        self,
        settings: SchedulerSettings,
        session: aiohttp.ClientSession,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ) -> None:
        self.settings = settings
        self.session = session
        self.api = SchedulerApi(
            InternalApi(settings.api_url, settings.service_token, session=session)
        )
        self.clock = clock  # injectable, so tests move time rather than wait
        self.retained_at: datetime | None = None

    async def run_once(self) -> int:
        """Ask everyone due a check-in now; how many were asked."""
        due = await self.api.due_check_ins(self.settings.every_hours)
        asked = 0
        for person in due or []:
            asked += await self._ask(person["phone"])
        return asked

    async def remind_once(self) -> int:
        """Queue the booking reminders due now; how many were queued."""
        return await send_due_reminders(self.api, self.clock())

    async def retain_if_due(self) -> bool:
        """Once a day, have the API delete what is kept past its time (api/retention/service.py)."""
        now = self.clock()
        if self.retained_at is not None and now - self.retained_at < RETENTION_EVERY:
            return False
        if not await self.api.run_retention():
            return False  # the API is down: try again on the next pass
        self.retained_at = now
        return True

    async def _ask(self, phone: str) -> int:
        claimed = await self.api.claim_check_in(phone, self.settings.every_hours)
        if claimed is None:  # someone else asked them just now
            return 0
        if await self._trigger(phone):
            return 1
        await self.api.release_check_in(claimed["id"])
        return 0

    async def tell_provider_needs(self) -> int:
        """Ask people about needs a provider recorded (bot/provider_needs.py)."""
        return await tell_due_provider_needs(self.api.api, self._trigger)

    async def _trigger(self, phone: str, intent: str = CHECK_IN_INTENT) -> bool:
        conversation = urllib.parse.quote(phone, safe="+")  # Sanic does not unquote the path
        query = urllib.parse.urlencode(
            {"output_channel": "twilio_sms", "token": self.settings.rasa_token}
        )
        url = f"{self.settings.rasa_url}/conversations/{conversation}/trigger_intent?{query}"
        try:
            async with self.session.post(url, json={"name": intent}) as response:
                ok = response.status == 200
        except (aiohttp.ClientError, asyncio.TimeoutError):  # not TimeoutError on Python 3.10
            ok = False
        if not ok:
            logger.warning("%s for %s not started; will retry.", intent, redacted(phone))
        return ok


async def run_forever(settings: SchedulerSettings) -> None:
    """Poll until stopped; an outage of the API or Rasa only delays check-ins."""
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        scheduler = Scheduler(settings, session)
        await scheduler.api.wait_until_up(API_START_SECONDS)
        while True:
            try:
                await one_pass(scheduler)
            except Exception as error:  # noqa: BLE001 — one bad pass must not stop the stack
                logger.error(
                    "Scheduler pass failed (%s); next pass as usual.", type(error).__name__
                )
            await asyncio.sleep(settings.poll_seconds)


async def one_pass(scheduler: Scheduler) -> None:
    """Check-ins, reminders, then retention if a day has passed."""
    asked = await scheduler.run_once()
    if asked:
        logger.info("Asked %d waiting people how they are.", asked)
    told = await scheduler.tell_provider_needs()
    if told:
        logger.info("Asked %d people about needs a provider recorded.", told)
    reminded = await scheduler.remind_once()
    if reminded:
        logger.info("Sent %d booking reminders.", reminded)
    await scheduler.retain_if_due()


def main() -> int:
    """Run the scheduler."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        refuse_placeholders(required=("FRONTDOOR_SERVICE_TOKEN", "RASA_API_TOKEN"))
    except PlaceholderSecretError as error:
        print(f"error: {error}", file=sys.stderr)  # noqa: T201 - why it will not start
        return 2
    try:
        asyncio.run(run_forever(SchedulerSettings.from_env()))
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
