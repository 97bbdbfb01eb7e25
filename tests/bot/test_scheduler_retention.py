"""The scheduler has the API run retention once a day, and again after an outage."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import aiohttp
from aiohttp import web

from bot.scheduler import Scheduler, SchedulerSettings

START = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)


def test_retention_runs_once_a_day_and_retries_after_an_outage() -> None:
    calls: list[str] = []
    up = {"value": False}

    async def retention(request: web.Request) -> web.Response:
        calls.append(request.headers.get("Authorization", ""))
        if not up["value"]:
            return web.Response(status=503)
        return web.json_response({"deleted": {}, "conversations_checked": True})

    async def scenario() -> list[bool]:
        app = web.Application()
        app.router.add_post("/internal/retention", retention)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        settings = SchedulerSettings(f"http://127.0.0.1:{port}", "svc-token", "", "", 168, 60)
        now = {"at": START}
        results = []
        async with aiohttp.ClientSession() as session:
            scheduler = Scheduler(settings, session, clock=lambda: now["at"])
            results.append(await scheduler.retain_if_due())  # API failing: not done
            up["value"] = True
            now["at"] += timedelta(minutes=1)
            results.append(await scheduler.retain_if_due())  # done
            now["at"] += timedelta(hours=23)
            results.append(await scheduler.retain_if_due())  # not yet a day
            now["at"] += timedelta(hours=1, minutes=1)
            results.append(await scheduler.retain_if_due())  # a day later
        await runner.cleanup()
        return results

    assert asyncio.run(scenario()) == [False, True, False, True]
    assert calls == ["Bearer svc-token"] * 3
