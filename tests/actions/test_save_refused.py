"""A save the real API refuses for a reason retrying cannot fix (here: an answer the current flow
no longer has) is not answered with "Reply YES to try again" for ever: a person is asked to call,
the person is told so kindly, and the answers stay in the conversation."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from tests.actions.test_action_flow import run_action, said, tracker_at, use_api
from tests.support.stack import Stack, start_stack


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("api"), services=("api",))
    yield running
    running.stop()


def _open_callbacks(api: Stack) -> list[dict]:
    request = urllib.request.Request(
        f"{api.api_url}/v1/callbacks",
        headers={"Authorization": f"Bearer {api.dev_provider_token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return list(json.load(response))


def test_a_save_refused_for_good_queues_a_call_back_instead_of_a_yes_loop(
    api: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_api(monkeypatch, api)
    sender = "+447700900931"
    tracker = tracker_at(
        "read_back", "yes", "affirm", sender,
        language="pl", consent_given=True, interpreter_needed=True, interpreter_language="pl",
        answers={"a_question_no_longer_asked": ["gone"]},
    )  # fmt: skip

    messages, events = run_action(tracker)

    assert [said(m) for m in messages] == ["utter_callback_requested"]
    assert "TAK" not in messages[0]["text"]  # not "reply YES to try again"
    assert [e for e in events if e.get("name") in ("answers", "step")] == []  # answers kept
    assert [c["phone"] for c in _open_callbacks(api) if c["phone"] == sender] == [sender]
