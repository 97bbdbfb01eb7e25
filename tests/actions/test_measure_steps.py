"""The journey's steps for the measures: which a turn reached (pure), and that action_flow sends
them to the real API with the language and channel and nothing that identifies anyone."""

from __future__ import annotations

import sqlite3

import pytest

from actions.conversation.core import FlowState, Reply
from actions.conversation.definition import FlowDefinition, FlowQuestion
from actions.measures import is_first_feedback, reached, seconds_since_start
from tests.actions.test_action_flow import api, run_action, tracker_at, use_api  # noqa: F401
from tests.support.stack import Stack

FLOW = FlowDefinition(
    fingerprint="f",
    questions=(
        FlowQuestion("device", False, (), "digital"),
        FlowQuestion("helper", False, (), "digital"),
        FlowQuestion("hearing", False, (), "communication"),
    ),
)


def steps(before: FlowState, after: FlowState, *replies: str, feedback: bool = False) -> list:
    return reached(before, after, FLOW, [Reply(r) for r in replies], feedback)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (FlowState(), FlowState(step="language"), ["first_contact"]),
        (FlowState(step="language"), FlowState(step="consent", language="fa"),
         ["language_confirmed"]),
        (FlowState(step="consent", language="fa"),
         FlowState(step="interpreter_needed", language="fa", consent_given=True), ["consent"]),
        (FlowState(step="interpreter_needed", language="fa"),
         FlowState(step="q:device", language="fa"), ["section:digital"]),
        (FlowState(step="q:device", language="fa"), FlowState(step="q:helper", language="fa"), []),
        (FlowState(step="q:helper", language="fa"), FlowState(step="q:hearing", language="fa"),
         ["section:communication"]),
        (FlowState(step="q:hearing", language="fa"), FlowState(step="q:helper", language="fa"),
         []),
        (FlowState(step="read_back", language="fa"),
         FlowState(step="q:hearing", language="fa", changing="communication"), []),
    ],
)  # fmt: skip
def test_a_turn_reaches_each_step_once_going_forward(
    before: FlowState, after: FlowState, expected: list[str]
) -> None:
    assert steps(before, after) == expected


def test_saved_booked_and_the_first_feedback_answer() -> None:
    done = FlowState(step="done", language="pl")

    assert steps(FlowState(step="read_back", language="pl"), done, "utter_saved") == ["saved"]
    assert steps(done, done, "utter_booked") == ["booked"]
    assert is_first_feedback("feedback:booking:0", True) and steps(done, done, feedback=True) == [
        "feedback"
    ]
    assert not is_first_feedback("feedback:booking:1", True)
    assert not is_first_feedback("feedback:booking:0", False)


def test_seconds_since_the_first_message() -> None:
    tracker = tracker_at("language", "hi", "greet", "+447700900911")
    tracker.events = [{"event": "user", "timestamp": 1000.0}, {"event": "user", "timestamp": 1500}]

    assert seconds_since_start(tracker, now=1090.0) == 90


def test_action_flow_records_the_step_with_no_personal_data(
    api: Stack,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_api(monkeypatch, api)
    sender = "+447700900912"
    tracker = tracker_at("language", "2", "choose_language", sender)
    tracker.latest_message["entities"] = [{"entity": "language", "value": "pl"}]

    run_action(tracker)

    database = api.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT * FROM measure_steps").fetchall()
        columns = [c[1] for c in db.execute("PRAGMA table_info(measure_steps)")]
    mine = [dict(zip(columns, row, strict=True)) for row in rows if row[columns.index("step")]
            == "language_confirmed"]  # fmt: skip
    assert [(m["language"], m["channel"]) for m in mine] == [("pl", "sms")]
    assert not any(sender in str(value) or "7700900912" in str(value)
                   for row in rows for value in row)  # fmt: skip
