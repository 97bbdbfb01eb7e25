"""Pacing: each sender (a number, the WhatsApp sender, an alphanumeric ID) at its own rate.

A sender's next free moment moves on by cost / rate after each send (cost: an SMS's segments,
else 1), so a run of messages leaves at the configured rate however fast they were queued.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Pacer:
    """Per-sender schedule on a monotonic clock (seconds)."""

    rates: dict[str, float]
    _next: dict[str, float] = field(default_factory=dict)

    def reserve(self, sender: str, kind: str, cost: int, now: float) -> float:
        """When this send may start (now or later); books the sender until then + cost / rate."""
        start = max(now, self._next.get(sender, now))
        self._next[sender] = start + max(cost, 1) / self.rates[kind]
        return start

    def next_free(self, sender: str, now: float) -> float:
        """When the sender could next start, without booking it."""
        return max(now, self._next.get(sender, now))
