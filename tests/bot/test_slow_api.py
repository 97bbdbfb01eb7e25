"""A slow API (answering after the client's timeout) over real loopback HTTP, on Python 3.10 where
asyncio.TimeoutError is not the builtin TimeoutError: the scheduler carries on, the channels and
the action server report an unavailable API, and a DELETE that timed out is verified, not
reported as failed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.internal_api.contacts import ContactApi
from bot.internal_api.conversation import FrontDoorApi
from bot.internal_api.errors import ApiUnavailable
from bot.scheduler import Scheduler, SchedulerSettings

SLOW = 2.0  # seconds the slow handlers take
TIMEOUT = 0.3  # seconds the clients wait
PHONE = "+447700900123"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def slow(answer: Callable[[], web.StreamResponse], seen: list[str]) -> Handler:
    """A handler that records the call, then answers after SLOW seconds."""

    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(f"{request.method} {request.path}")
        await asyncio.sleep(SLOW)
        return answer()

    return handle


@asynccontextmanager
async def serving(routes: list[tuple[str, str, Handler]]) -> AsyncIterator[str]:
    """An aiohttp server on a free loopback port with these routes; yields its base URL."""
    app = web.Application()
    for method, path, handler in routes:
        app.router.add_route(method, path, handler)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def test_the_scheduler_carries_on_through_a_slow_api_and_a_slow_rasa() -> None:
    seen: list[str] = []

    async def scenario() -> tuple[int, int, bool, int]:
        quick_release: list[str] = []

        async def release(request: web.Request) -> web.Response:
            quick_release.append(request.path)
            return web.Response(status=204)

        async def claim(request: web.Request) -> web.Response:
            return web.json_response({"id": 7})

        async def due(request: web.Request) -> web.Response:
            return web.json_response([{"phone": PHONE}])

        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/internal/reminders/due", slow(lambda: web.json_response([]), seen)),
            ("POST", "/internal/retention", slow(lambda: web.json_response({}), seen)),
            ("GET", "/internal/check-ins/due", due),
            ("POST", "/internal/check-in-prompts", claim),
            ("DELETE", "/internal/check-in-prompts/7", release),
            ("POST", "/conversations/{sender}/trigger_intent", slow(web.Response, seen)),
        ]
        async with serving(routes) as base:
            settings = SchedulerSettings(base, "svc", base, "rasa", 168, 60)
            timeout = aiohttp.ClientTimeout(total=TIMEOUT)
            async with aiohttp.ClientSession(timeout=timeout) as session:
                scheduler = Scheduler(settings, session)
                asked = await scheduler.run_once()  # Rasa too slow: the claim is released
                reminded = await scheduler.remind_once()  # API too slow: none this pass
                retained = await scheduler.retain_if_due()
        return asked, reminded, retained, len(quick_release)

    assert asyncio.run(scenario()) == (0, 0, False, 1)
    assert "POST /internal/retention" in seen and "GET /internal/reminders/due" in seen


def test_the_channels_report_a_slow_api_as_not_recorded() -> None:
    async def scenario() -> None:
        seen: list[str] = []
        routes: list[tuple[str, str, Handler]] = [
            ("POST", "/internal/messages/status", slow(web.Response, seen)),
        ]
        async with serving(routes) as base:
            contacts = ContactApi(base, "svc", timeout_seconds=TIMEOUT)
            with pytest.raises(ApiUnavailable):
                await contacts.message_status({"MessageSid": "SM1", "MessageStatus": "sent"}, "sms")

    asyncio.run(scenario())


def test_the_action_server_reports_a_slow_api_as_unavailable() -> None:
    async def scenario() -> None:
        seen: list[str] = []
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/internal/people/held", slow(lambda: web.json_response({}), seen)),
        ]
        async with serving(routes) as base:
            api = FrontDoorApi(base, "svc", timeout_seconds=TIMEOUT)
            try:
                with pytest.raises(ApiUnavailable):
                    await api.held_data(PHONE)
            finally:
                await api.close()

    asyncio.run(scenario())


def test_a_delete_that_timed_out_after_erasing_is_confirmed_by_asking_again() -> None:
    erased: list[str] = []

    async def erase(request: web.Request) -> web.Response:
        first = not erased
        erased.append(request.query["phone"])
        if first:  # the API erases, then answers too late
            await asyncio.sleep(SLOW)
        return web.json_response({"erased": first})

    async def scenario() -> Any:
        async with serving([("DELETE", "/internal/people", erase)]) as base:
            api = FrontDoorApi(base, "svc", timeout_seconds=TIMEOUT)
            try:
                return await api.erase(PHONE)
            finally:
                await api.close()

    assert asyncio.run(scenario()) is True
    assert erased == [PHONE, PHONE]
