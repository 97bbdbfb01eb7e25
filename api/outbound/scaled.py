"""Several outbound workers at once (REDIS_URL set): Redis holds what they must share.

- **Pacing**: each sender's next free moment is one Redis key, moved on atomically (a Lua
  script), so two workers together still send at the sender's rate, not twice it.
- **Liveness**: each worker refreshes a key with a short expiry; a worker that starts, or looks
  again every half minute, abandons only the `sending` messages of workers whose key expired
  (killed mid-send), never those of a worker still sending.

The queue itself stays in the database (taking a message is a conditional UPDATE, so two
workers never both send one); with one worker and no REDIS_URL, none of this is needed.
"""

from __future__ import annotations

import uuid

import redis

from api.outbound.pacing import CATCH_UP_SECONDS

PREFIX = "frontdoor:outbound:"
ALIVE_SECONDS = 30
# As api/outbound/pacing.py next_start: keep to the schedule when less than ARGV[3] s behind.
_RESERVE = """
local now = tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
if now - free > tonumber(ARGV[3]) then free = now end
redis.call('SET', KEYS[1], tostring(free + tonumber(ARGV[2])), 'EX', 3600)
return tostring(free)
"""


class RedisPacer:
    """The Pacer's interface (api/outbound/pacing.py) over Redis, on the wall clock."""

    def __init__(self, client: redis.Redis, rates: dict[str, float]) -> None:
        self.client = client
        self.rates = rates
        self._reserve = client.register_script(_RESERVE)

    def reserve(self, sender: str, kind: str, cost: int, now: float) -> float:
        """When this send may start; books the sender until then + cost / rate (all workers)."""
        step = max(cost, 1) / self.rates[kind]
        key = PREFIX + "sender:" + sender
        return float(self._reserve(keys=[key], args=[now, step, CATCH_UP_SECONDS]))

    def next_free(self, sender: str, now: float) -> float:
        free = self.client.get(PREFIX + "sender:" + sender)
        return max(now, float(free)) if free is not None else now


class RedisLiveness:
    """Which workers are alive, by a key each refreshes."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self.worker_id = uuid.uuid4().hex

    def beat(self) -> None:
        """This worker is alive for another ALIVE_SECONDS."""
        self.client.set(PREFIX + "worker:" + self.worker_id, "1", ex=ALIVE_SECONDS)

    def alive(self) -> set[str]:
        """The ids of the workers alive now (this one included)."""
        self.beat()
        keys = self.client.scan_iter(match=PREFIX + "worker:*", count=100)
        return {key.decode().rsplit(":", 1)[1] for key in keys}


def connect(url: str) -> redis.Redis:
    """A client for REDIS_URL."""
    return redis.Redis.from_url(url, socket_timeout=5)
