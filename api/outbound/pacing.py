"""Pacing: each sender (a number, the WhatsApp sender, an alphanumeric ID) at its own rate.

A sender's next free moment moves on by cost / rate after each send (cost: an SMS's segments,
else 1), so a run of messages leaves at the configured rate however fast they were queued. A
worker that falls a little behind (under a second: a slow request) keeps to the schedule and
catches up, so the rate holds on average; after a longer pause the schedule starts again from
now, so idle time is never saved up into a burst.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CATCH_UP_SECONDS = 1.0


def next_start(free: float | None, now: float) -> float:
    """When a send asked for at `now` may start, given when the sender is next free."""
    if free is None or now - free > CATCH_UP_SECONDS:
        return now
    return free


@dataclass
class Pacer:
    """Per-sender schedule on a monotonic clock (seconds), in this process."""

    rates: dict[str, float]
    _next: dict[str, float] = field(default_factory=dict)

    def reserve(self, sender: str, kind: str, cost: int, now: float) -> float:
        """When this send may start; books the sender until then + cost / rate."""
        start = next_start(self._next.get(sender), now)
        self._next[sender] = start + max(cost, 1) / self.rates[kind]
        return start

    def next_free(self, sender: str, now: float) -> float:
        """When the sender could next start, without booking it."""
        return max(now, self._next.get(sender, now))
