"""Twilio retry de-duplication shared through Redis by several Rasa instances."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.reply_store import RedisReplyCache, reply_store_from_env
from bot.channels.twilio_core import ReplyCache


def test_without_redis_url_the_in_process_cache_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(reply_store_from_env(), ReplyCache)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    assert isinstance(reply_store_from_env(), RedisReplyCache)


def test_two_instances_answer_one_message_once(redis_url: str) -> None:
    turns: list[str] = []

    async def produce() -> str:
        turns.append("turn")
        await asyncio.sleep(0.2)
        return f"<Response>{len(turns)} ✓</Response>"

    async def scenario() -> list[str]:
        first, second = RedisReplyCache(redis_url), RedisReplyCache(redis_url)
        calls = [cache.reply_once("SMtwice", produce) for cache in (first, second) * 3]
        return await asyncio.gather(*calls)

    assert asyncio.run(scenario()) == ["<Response>1 ✓</Response>"] * 6
    assert turns == ["turn"]


def test_a_failed_turn_is_not_kept_and_frees_the_message(redis_url: str) -> None:
    async def failing() -> str:
        raise RuntimeError("turn failed")

    async def working() -> str:
        return "ok"

    async def scenario() -> str:
        cache = RedisReplyCache(redis_url, wait_seconds=1)
        with pytest.raises(RuntimeError):
            await cache.reply_once("SMfail", failing)
        return await RedisReplyCache(redis_url, wait_seconds=1).reply_once("SMfail", working)

    assert asyncio.run(scenario()) == "ok"


def test_a_message_still_being_answered_elsewhere_times_out(redis_url: str) -> None:
    async def slow() -> str:
        await asyncio.sleep(1.5)
        return "slow"

    async def scenario() -> None:
        holder = asyncio.create_task(RedisReplyCache(redis_url).reply_once("SMslow", slow))
        await asyncio.sleep(0.2)
        with pytest.raises(TimeoutError):
            await RedisReplyCache(redis_url, wait_seconds=0.3).reply_once("SMslow", slow)
        assert await holder == "slow"

    asyncio.run(scenario())


PATIENT, OTHER = "+447700900123", "+447700900456"


def _erasure_scenario(cache) -> list[str]:
    """Answer two messages of the patient and one of someone else, erase the patient, ask again."""
    turns: list[str] = []

    def producer(key: str):
        async def produce() -> str:
            turns.append(key)
            return f"<Response>{key}</Response>"

        return produce

    async def scenario() -> None:
        for key, sender in (("SM1", PATIENT), ("SM2", PATIENT), ("SM3", OTHER)):
            await cache.reply_once(key, producer(key), sender=sender)
        await cache.erase_sender(PATIENT)
        for key, sender in (("SM1", PATIENT), ("SM2", PATIENT), ("SM3", OTHER)):
            await cache.reply_once(key, producer(key), sender=sender)

    asyncio.run(scenario())
    return turns


def test_erasing_a_number_drops_its_cached_replies_in_process() -> None:
    assert _erasure_scenario(ReplyCache()) == ["SM1", "SM2", "SM3", "SM1", "SM2"]


def test_erasing_a_number_drops_its_cached_replies_in_redis(redis_url: str) -> None:
    from redis import Redis

    assert _erasure_scenario(RedisReplyCache(redis_url)) == ["SM1", "SM2", "SM3", "SM1", "SM2"]
    keys = [key.decode() for key in Redis.from_url(redis_url).keys("*")]
    assert keys and not [key for key in keys if PATIENT in key or OTHER in key], keys


def test_in_process_replies_expire_after_a_day() -> None:
    clock = [1000.0]
    cache = ReplyCache(clock=lambda: clock[0])
    turns: list[int] = []

    async def produce() -> str:
        turns.append(1)
        return "<Response/>"

    async def ask() -> None:
        await cache.reply_once("SM1", produce, sender=PATIENT)

    asyncio.run(ask())
    clock[0] += 23 * 3600
    asyncio.run(ask())
    clock[0] += 2 * 3600
    asyncio.run(ask())
    assert len(turns) == 2, "kept for a day, then forgotten"
