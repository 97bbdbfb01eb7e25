"""Throttle admin sign-in: failed passwords per username, attempts per client address.

Each check costs an Argon2 hash (64 MiB, tens of milliseconds), so the throttle is asked before
any hashing, and a throttled attempt is never hashed. Failures per user (not attempts) are
counted, so someone guessing cannot lock an admin out for long: one failure is forgiven every
USER_FORGIVE_SECONDS. Attempts per address are counted whatever their outcome.
In-process: with several API instances each keeps its own counts (a per-instance bound).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_USER_FAILURES = 5
USER_FORGIVE_SECONDS = 60.0
MAX_ADDRESS_ATTEMPTS = 10
ADDRESS_REFILL_SECONDS = 6.0  # ten a minute once the burst is spent
MAX_TRACKED = 10_000  # keys remembered before forgotten ones are swept out


@dataclass
class _Count:
    """A leaky count: `value` decays by one every `period` seconds."""

    value: float
    updated: float


class _LeakyCounts:
    """Counts per key that decay with time; a key at `limit` must wait."""

    def __init__(self, limit: int, period: float, clock: Callable[[], float]) -> None:
        self.limit, self.period, self._clock = limit, period, clock
        self._counts: dict[str, _Count] = {}

    def _current(self, key: str, now: float) -> _Count:
        count = self._counts.get(key) or _Count(0.0, now)
        count.value = max(0.0, count.value - (now - count.updated) / self.period)
        count.updated = now
        return count

    def wait(self, key: str) -> float:
        """Seconds until the key may try again (0.0 when it may now)."""
        count = self._current(key, self._clock())
        return max(0.0, (count.value - self.limit + 1) * self.period)

    def add(self, key: str) -> None:
        """Count one more for the key."""
        now = self._clock()
        count = self._current(key, now)
        count.value += 1
        self._counts[key] = count
        if len(self._counts) > MAX_TRACKED:
            self._sweep(now)

    def forget(self, key: str) -> None:
        """Drop the key's count."""
        self._counts.pop(key, None)

    def _sweep(self, now: float) -> None:
        """Forget keys whose count has decayed to nothing."""
        for key in [k for k, c in self._counts.items() if self._current(k, now).value == 0]:
            del self._counts[key]


class LoginThrottle:
    """Whether a sign-in may be checked now, and what to remember about its outcome."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._users = _LeakyCounts(MAX_USER_FAILURES, USER_FORGIVE_SECONDS, clock)
        self._addresses = _LeakyCounts(MAX_ADDRESS_ATTEMPTS, ADDRESS_REFILL_SECONDS, clock)
        self._lock = threading.Lock()

    @staticmethod
    def _user_key(username: str) -> str:
        """One key however the name is typed (usernames are matched exactly, but throttled
        case- and space-insensitively so variants do not multiply the guesses)."""
        return username.strip().casefold()

    def admit(self, username: str, address: str) -> float:
        """0.0 and count the attempt if it may be checked now, else seconds to wait."""
        with self._lock:
            wait = max(self._users.wait(self._user_key(username)), self._addresses.wait(address))
            if wait == 0.0:
                self._addresses.add(address)
            return wait

    def failed(self, username: str) -> None:
        """A wrong password for this username."""
        with self._lock:
            self._users.add(self._user_key(username))

    def succeeded(self, username: str) -> None:
        """The right password: this user's failures are forgotten."""
        with self._lock:
            self._users.forget(self._user_key(username))
