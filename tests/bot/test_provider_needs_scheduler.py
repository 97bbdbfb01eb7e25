"""The scheduler tells people about needs a provider recorded: claim, start the turn, and give
the claim back when the turn could not start (so a later pass tells them)."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.transport import InternalApi
from bot.provider_needs import INTENT, tell_due


class FakeApi(InternalApi):
    def __init__(self, due: list[dict[str, Any]], refuse_claims: set[int] = frozenset()) -> None:
        super().__init__("http://127.0.0.1:9", "token")
        self.due, self.refuse, self.calls = due, refuse_claims, []

    async def request(self, method: str, path: str, json_body: Any = None) -> dict[str, Any]:
        self.calls.append((method, path))
        return {"items": self.due}

    async def exchange(self, method: str, path: str, json_body: Any = None, headers: Any = None):
        self.calls.append((method, path))
        if any(path == f"/internal/provider-needs/{n}/claim" for n in self.refuse):
            raise ApiUnavailable("claimed elsewhere", 409)
        return 204, None, None


def test_each_due_need_is_claimed_and_its_turn_started_or_released() -> None:
    api = FakeApi([{"id": 1, "phone": "+447700900001"}, {"id": 2, "phone": "+447700900002"},
                   {"id": 3, "phone": "+447700900003"}], refuse_claims={3})  # fmt: skip
    started: list[tuple[str, str]] = []

    async def trigger(phone: str, intent: str) -> bool:
        started.append((phone, intent))
        return phone.endswith("1")  # the second person's turn could not start

    told = asyncio.run(tell_due(api, trigger))

    assert told == 1
    assert started == [("+447700900001", INTENT), ("+447700900002", INTENT)]
    assert ("DELETE", "/internal/provider-needs/2/claim") in api.calls, "released for later"
    assert ("DELETE", "/internal/provider-needs/1/claim") not in api.calls


def test_an_api_outage_tells_nobody_and_does_not_raise() -> None:
    class Down(FakeApi):
        async def request(self, method: str, path: str, json_body: Any = None) -> dict[str, Any]:
            raise ApiUnavailable("down")

    async def trigger(phone: str, intent: str) -> bool:
        raise AssertionError("nobody is triggered")

    assert asyncio.run(tell_due(Down([]), trigger)) == 0
