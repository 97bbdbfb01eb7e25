"""How long each kind of record is kept, in days (settings FRONTDOOR_KEEP_*, see README)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionPolicy:
    """How long each kind of record is kept, in days."""

    conversations_days: int = 30
    closed_callbacks_days: int = 90
    verification_codes_days: int = 1
    delivery_status_days: int = 180
    withdrawn_days: int = 30
    bookings_days: int = 180  # after the appointment (or the move or cancellation)
    reminders_days: int = 30  # after sending, once the appointment has passed
    closed_waiting_days: int = 90  # after the waiting entry ended
    check_ins_days: int = 180  # answers and prompts
    feedback_days: int = 365
    webhook_deliveries_days: int = 30  # after delivery (or giving up)
    change_events_days: int = 90
