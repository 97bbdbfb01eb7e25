"""action_flow run as the action server runs it, saving through the real API."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.action_flow import ActionFlow
from tests.support.stack import Stack, free_port, start_stack


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = start_stack(tmp_path_factory.mktemp("api"), services=("api",))
    yield running
    running.stop()


def tracker_at(step: str, text: str, intent: str, sender: str, **slots) -> Tracker:
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": {"step": step, **slots},
            "latest_message": {
                "text": text,
                "intent": {"name": intent, "confidence": 0.95},
                "entities": [],
            },
            "events": [
                {"event": "user", "text": text, "input_channel": "twilio_sms"},
            ],
            "latest_input_channel": "twilio_sms",
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )


def run_action(tracker: Tracker, action: ActionFlow | None = None) -> tuple[list[dict], list[dict]]:
    """One action run in its own event loop, closing the API connections it kept alive."""
    dispatcher = CollectingDispatcher()
    action = action or ActionFlow()

    async def run() -> list[dict]:
        try:
            return await action.run(dispatcher, tracker, {})
        finally:
            await action.close()

    return dispatcher.messages, asyncio.run(run())


def said(message: dict) -> str:
    """The response a message is: rendered by the API (utter_action) or left to Rasa's NLG."""
    return message.get("utter_action") or message["response"]


def use_api(monkeypatch: pytest.MonkeyPatch, api: Stack) -> None:
    monkeypatch.setenv("API_URL", api.api_url)
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", api.env["FRONTDOOR_SERVICE_TOKEN"])


def provider_search(api: Stack, number: str) -> list[dict]:
    query = urllib.parse.urlencode({"phone": number})
    request = urllib.request.Request(
        f"{api.api_url}/v1/people?{query}",
        headers={"Authorization": f"Bearer {api.dev_provider_token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["items"]


def test_confirming_the_read_back_saves_through_the_api(api: Stack, monkeypatch) -> None:
    use_api(monkeypatch, api)
    sender = "+447700900901"
    tracker = tracker_at(
        "read_back", "tak", "affirm", sender,
        language="pl", consent_given=True, interpreter_needed=True, interpreter_language="ar",
        answers={"device": ["basic_phone"], "helper": []},
    )  # fmt: skip
    messages, events = run_action(tracker)

    assert [said(m) for m in messages] == ["utter_saved"]
    assert messages[0]["language"] == "pl"
    assert messages[0]["text"] and messages[0]["response"] is None, "rendered in one API call"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["step"] == "done"
    found = provider_search(api, sender)
    assert [person["id"] for person in found] == [slots["person_id"]]


def test_api_going_down_keeps_the_answers_and_says_so(tmp_path, monkeypatch) -> None:
    own_api = start_stack(tmp_path, services=("api",))
    try:
        use_api(monkeypatch, own_api)
        action = ActionFlow()
        question = tracker_at("q:device", "2", "nlu_fallback", "+447700900902", language="en")
        messages, _ = run_action(question, action)
        assert [said(m) for m in messages] == ["utter_ask_question"]
    finally:
        own_api.stop()
    tracker = tracker_at(
        "read_back", "yes", "affirm", "+447700900902",
        language="en", consent_given=True, interpreter_needed=False,
        answers={"device": ["basic_phone"]},
    )  # fmt: skip
    messages, events = run_action(tracker, action)
    assert [said(m) for m in messages] == ["utter_save_failed"]
    assert events == [], "nothing captured may be lost or moved on"


def test_api_down_from_the_start_gets_a_kind_reply(monkeypatch) -> None:
    monkeypatch.setenv("API_URL", f"http://127.0.0.1:{free_port()}")
    tracker = tracker_at("q:device", "2", "nlu_fallback", "+447700900905", language="pl")
    messages, events = run_action(tracker)
    assert [(said(m), m["language"]) for m in messages] == [("utter_default", "pl")]
    assert events == []


def test_wrong_service_token_is_not_a_save(api: Stack, monkeypatch) -> None:
    monkeypatch.setenv("API_URL", api.api_url)
    monkeypatch.setenv("FRONTDOOR_SERVICE_TOKEN", "not-the-service-token")
    tracker = tracker_at(
        "read_back", "yes", "affirm", "+447700900903",
        language="en", consent_given=True, interpreter_needed=False,
    )  # fmt: skip
    messages, events = run_action(tracker)
    assert [said(m) for m in messages] == ["utter_default"]
    assert events == []
    assert provider_search(api, "+447700900903") == []


def test_every_reply_carries_the_conversation_language(api: Stack, monkeypatch) -> None:
    use_api(monkeypatch, api)
    tracker = tracker_at("language", "2", "choose_language", "+447700900904")
    tracker.latest_message["entities"] = [{"entity": "language", "value": "pl"}]
    messages, events = run_action(tracker)
    assert [(said(m), m["language"]) for m in messages] == [("utter_ask_consent", "pl")]
    assert {"event": "slot", "name": "language", "value": "pl", "timestamp": None} in events


def test_a_multi_answer_is_kept_in_the_answers_slot(api: Stack, monkeypatch) -> None:
    use_api(monkeypatch, api)
    tracker = tracker_at(
        "q:adjustments", "1 3", "nlu_fallback", "+447700900906",
        language="en", answers={"device": ["smartphone"]},
    )  # fmt: skip
    messages, events = run_action(tracker)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["answers"] == {
        "device": ["smartphone"],
        "adjustments": ["wheelchair", "quiet_place"],
    }
    assert slots["step"] == "q:contact_method"
    assert messages[0]["question_id"] == "contact_method"
