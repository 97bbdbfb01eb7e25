"""Per-client rate limits: an in-process token bucket (Redis when there are several instances)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    """Tokens left and when they were last counted."""

    tokens: float
    updated: float


class RateLimiter:
    """Allow `per_minute` requests per key, in bursts of up to `per_minute`."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        """A limiter refilling `per_minute` tokens a minute, with an injectable clock."""
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """Take one token for the key: 0.0 if allowed, else seconds until one is available."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key) or _Bucket(tokens=self.capacity, updated=now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[key] = bucket
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate


def retry_after_header(wait: float) -> dict[str, str]:
    """The Retry-After header for a wait in seconds (whole seconds, at least 1)."""
    return {"Retry-After": str(max(1, math.ceil(wait)))}
