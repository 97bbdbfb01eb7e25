"""Queues booking reminders that are due: claim each, queue it for the outbound worker (which
paces, picks the channel or WhatsApp template, and falls back), record that it is on its way.
Run by bot/scheduler.py on every pass.

The API decides who is due (UK local time, the person's hours) and words the reminder in their
language when it is sent; `now` comes from the scheduler's clock so tests can move time instead
of waiting. The idempotency key is the booking's: a reminder queued twice is sent once.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.internal_api.scheduling import SchedulerApi

logger = logging.getLogger(__name__)
PURPOSE = "reminder"


async def send_due_reminders(api: SchedulerApi, now: datetime) -> int:
    """Queue every reminder due at `now`; how many were queued."""
    due = await api.due_reminders(now)
    queued = 0
    for reminder in due or []:
        queued += await _queue_one(api, reminder)
    return queued


def message_of(reminder: dict[str, Any]) -> dict[str, Any]:
    """The queue's message for a due reminder: rendered in the person's language when sent."""
    return {
        "key": f"reminder:{int(reminder['booking_id'])}",
        "purpose": PURPOSE,
        "phone": reminder["phone"],
        "language": reminder["language"],
        "channels": list(reminder.get("channels") or ["sms"]),
        "response": "utter_reminder",
        "arguments": reminder.get("arguments") or {},
        "not_after": reminder.get("send_by"),
    }


async def _queue_one(api: SchedulerApi, reminder: dict[str, Any]) -> int:
    booking = int(reminder["booking_id"])
    if not await api.claim_reminder(booking):
        return 0  # another scheduler has it, or it was moved or cancelled just now
    if await api.enqueue_message(message_of(reminder)) is None:
        logger.warning("Reminder of booking %d not queued, will retry.", booking)
        await api.release_reminder(booking)
        return 0
    await api.reminder_outcome(booking, {"outcome": "sent"})
    return 1
