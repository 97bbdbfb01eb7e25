"""Sends booking reminders that are due: claim each, send it on the person's preferred channel,
record the outcome. Run by bot/scheduler.py on every pass.

The API decides who is due (UK local time, the person's hours) and words the reminder in their
language; `now` comes from the scheduler's clock so tests can move time instead of waiting.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from twilio.base.exceptions import TwilioException

from bot.internal_api.scheduling import SchedulerApi
from bot.outbound import Outbound, OutboundRefused, PreferencesUnavailable, redacted

logger = logging.getLogger(__name__)


async def send_due_reminders(api: SchedulerApi, outbound: Outbound, now: datetime) -> int:
    """Send every reminder due at `now`; how many went."""
    due = await api.due_reminders(now)
    sent = 0
    for reminder in due or []:
        sent += await _send_one(api, outbound, reminder, now)
    return sent


async def _send_one(
    api: SchedulerApi, outbound: Outbound, reminder: dict[str, Any], now: datetime
) -> int:
    booking = int(reminder["booking_id"])
    if not await api.claim_reminder(booking):
        return 0  # another scheduler has it, or it was moved or cancelled just now
    channels = tuple(reminder.get("channels") or ("sms",))
    try:
        channel, _sids = await asyncio.to_thread(
            outbound.send_preferred, reminder["phone"], reminder["text"], channels, None, now
        )
    except PreferencesUnavailable:  # cannot tell whether they opted out: try again later
        await api.release_reminder(booking)
        return 0
    except OutboundRefused:  # opted out (STOP) or unreachable on every channel: never retried
        logger.info(
            "Reminder of booking %d not sent: %s opted out.", booking, redacted(reminder["phone"])
        )
        await api.reminder_outcome(booking, {"outcome": "not_sent"})
        return 0
    except (TwilioException, OSError, ValueError) as error:
        logger.warning(
            "Reminder of booking %d not sent, will retry: %s", booking, type(error).__name__
        )
        await api.release_reminder(booking)
        return 0
    await api.reminder_outcome(booking, {"outcome": "sent", "channel": channel})
    return 1
