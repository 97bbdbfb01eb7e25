"""Slower speech: the word that asks for it, and an API that is down never stops the call."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from bot.channels.call_pace import CallPace
from bot.internal_api.call_preferences import ApiCallPreferences


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pace_without_api(tmp_path: Path) -> CallPace:
    api = ApiCallPreferences(f"http://127.0.0.1:{closed_port()}", "token", timeout_seconds=2)
    return CallPace(tmp_path, api)


def test_only_the_whole_answer_slower_asks_for_slower_speech(tmp_path: Path) -> None:
    pace = CallPace(tmp_path, None)  # no catalogs: the English word still works
    assert pace.asks_slower("Slower.", "pl")
    assert pace.asks_slower("slower", None)
    assert not pace.asks_slower("please speak slower to me", "en")  # an answer, not a request
    assert not pace.asks_slower("", "en")
    assert pace.words("xx") == ("slower",)


def test_an_api_that_is_down_forgets_nothing_and_breaks_nothing(tmp_path: Path) -> None:
    async def scenario() -> tuple[bool, bool]:
        pace = pace_without_api(tmp_path)
        before = await pace.remembered("+447700900123")
        await pace.remember("+447700900123")  # logged, not raised: the call is slower anyway
        await pace.api.close()  # type: ignore[union-attr]
        return before, await CallPace(tmp_path, None).remembered("+447700900123")

    assert asyncio.run(scenario()) == (False, False)
