"""Twilio retry de-duplication shared by several Rasa instances (Redis), chosen by `REDIS_URL`.

The in-process `twilio_core.ReplyCache` is the embedded default. With `REDIS_URL` set, every
instance uses `RedisReplyCache`: the first instance to `SET NX` a short lock for a MessageSid runs
the turn and stores its reply; any other request for that MessageSid (a Twilio retry on another
instance) waits for that reply instead of running a second turn. If Redis cannot be reached the
request fails (5xx), so Twilio retries later rather than risk a duplicate turn.

Replies say back what we hold, so a DELETE must reach them: each reply's key is also added to a
set named by a keyed hash of the sender (`sender_tag`, never the number itself), which
`erase_sender` empties; the replies and the set expire after a day.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.channels.sender_tag import sender_tag
from bot.channels.twilio_core import REPLY_TTL_SECONDS, ReplyCache

KEY_PREFIX = "frontdoor:reply:"
SENDER_PREFIX = "frontdoor:reply-sender:"
LOCK_TTL_SECONDS = 30  # longer than any turn; a crashed holder's lock expires by itself
POLL_SECONDS = 0.05

# Deletes the lock only if this request still holds it (it may have expired and been retaken).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


class ReplyStore(Protocol):
    """What a channel needs: produce the reply to a message key once; forget a sender's."""

    async def reply_once(
        self, key: str, produce: Callable[[], Awaitable[str]], sender: str | None = None
    ) -> str: ...

    async def erase_sender(self, sender: str) -> None: ...


class RedisReplyCache:
    """A MessageSid's reply kept in Redis, produced by one instance at a time."""

    def __init__(self, url: str, wait_seconds: float = LOCK_TTL_SECONDS) -> None:
        from redis.asyncio import Redis  # rasa 3.6 brings redis-py (MIT)
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialBackoff
        from redis.exceptions import ConnectionError as RedisConnectionError

        # A pooled connection to a Redis that restarted fails once; reconnect and retry.
        self._redis = Redis.from_url(
            url,
            socket_timeout=5,
            socket_connect_timeout=2,
            retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), 3),
            retry_on_error=[RedisConnectionError],
        )
        self._wait_seconds = wait_seconds

    async def reply_once(
        self, key: str, produce: Callable[[], Awaitable[str]], sender: str | None = None
    ) -> str:
        """The stored reply for `key`, or produce it under a Redis lock and store it."""
        reply_key, lock_key = KEY_PREFIX + key, KEY_PREFIX + key + ":lock"
        deadline = time.monotonic() + self._wait_seconds
        while True:
            stored = await self._redis.get(reply_key)
            if stored is not None:
                return stored.decode("utf-8")
            token = secrets.token_hex(8)
            if await self._redis.set(lock_key, token, nx=True, ex=LOCK_TTL_SECONDS):
                index = SENDER_PREFIX + sender_tag(sender) if sender else None
                return await self._produce_holding(reply_key, lock_key, token, produce, index)
            if time.monotonic() > deadline:
                raise TimeoutError("Another instance is still answering this message.")
            await asyncio.sleep(POLL_SECONDS)

    async def _produce_holding(
        self,
        reply_key: str,
        lock_key: str,
        token: str,
        produce: Callable[[], Awaitable[str]],
        index: str | None,
    ) -> str:
        """Run the turn while holding the lock; keep its reply; always release the lock."""
        try:
            reply = await produce()
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.set(reply_key, reply.encode("utf-8"), ex=REPLY_TTL_SECONDS)
                if index is not None:
                    pipe.sadd(index, reply_key).expire(index, REPLY_TTL_SECONDS)
                await pipe.execute()
            return reply
        finally:
            await self._redis.eval(_RELEASE, 1, lock_key, token)

    async def erase_sender(self, sender: str) -> None:
        """Delete every reply given to this sender, and the index that found them."""
        index = SENDER_PREFIX + sender_tag(sender)
        keys = await self._redis.smembers(index)
        await self._redis.delete(index, *keys)


def reply_store_from_env() -> ReplyStore:
    """Redis-backed when `REDIS_URL` is set (several instances), else in-process."""
    url = os.environ.get("REDIS_URL", "").strip()
    return RedisReplyCache(url) if url else ReplyCache()
