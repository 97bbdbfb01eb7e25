"""Listing call-backs over real HTTP: open ones are the shared queue, but claimed and done ones
(with the person's number) are seen only by the organisation that claimed them."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.api.conftest import SERVICE_TOKEN, bearer

STAFF_SCOPES = ("needs:read", "callbacks:manage")
ASK = {"language": "pl", "interpreter_language": "pl", "channel": "voice", "reason": "interpreter"}


def _queue(base: str, phone: str) -> int:
    queued = httpx.post(
        f"{base}/internal/callbacks",
        json={**ASK, "phone": phone},
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )
    assert queued.status_code == 201, queued.text
    return int(queued.json()["id"])


def _listed(base: str, headers: dict[str, str], status: str) -> list[tuple[int, str]]:
    answer = httpx.get(f"{base}/v1/callbacks", params={"status": status}, headers=headers)
    assert answer.status_code == 200, answer.text
    return [(c["id"], c["phone"]) for c in answer.json()]


def test_claimed_and_done_call_backs_are_listed_only_to_their_organisation(
    live_api: str, create_provider: Callable[..., str]
) -> None:
    ours = bearer(create_provider("A81001", scopes=STAFF_SCOPES))
    theirs = bearer(create_provider("A81002", scopes=STAFF_SCOPES))
    claimed_by_us = _queue(live_api, "+447700900201")
    done_by_us = _queue(live_api, "+447700900202")
    still_open = _queue(live_api, "+447700900203")
    for callback_id in (claimed_by_us, done_by_us):
        claim = httpx.post(f"{live_api}/v1/callbacks/{callback_id}/claim", headers=ours)
        assert claim.status_code == 200, claim.text
    close = httpx.post(
        f"{live_api}/v1/callbacks/{done_by_us}/close", json={"outcome": "Rang"}, headers=ours
    )
    assert close.status_code == 200, close.text

    assert _listed(live_api, theirs, "claimed") == []
    assert _listed(live_api, theirs, "done") == []
    assert _listed(live_api, theirs, "open") == [(still_open, "+447700900203")]
    assert _listed(live_api, ours, "claimed") == [(claimed_by_us, "+447700900201")]
    assert _listed(live_api, ours, "done") == [(done_by_us, "+447700900202")]
