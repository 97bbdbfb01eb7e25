"""WHO SEES, STOP n / ALLOW n, WHO READ and needs a provider recorded, in the conversation's pure
state machine (no Rasa, no API)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actions.conversation.core import FlowState, Heard, Reply, Step
from actions.conversation.identity import after_code_checked
from actions.conversation.provider_needs import after_decision, after_fetch
from actions.conversation.who_sees import after_change, after_who_sees, numbered_command
from tests.actions.conversation.test_flow import next_turn, responses

OFFERED = ("en", "pl")
WORDS = {"stop": ("STOP", "STOP"), "allow": ("ALLOW", "ZEZWÓL")}
SEERS = [
    {"ods_code": "A81001", "name": "Riverside", "how": "booking", "stopped": False},
    {"ods_code": "B82002", "name": "City", "how": "choice", "stopped": False},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STOP 2", ("stop", 2)),
        ("stop 2.", ("stop", 2)),
        ("Stop2", ("stop", 2)),
        ("zezwól: 1", ("allow", 1)),
        ("STOP", None),  # the carriers' opt-out word alone: never ours
        ("STOP 2 please", None),
        ("STOP 123", None),
        ("2", None),
    ],
)
def test_numbered_command_is_a_word_and_a_number_only(text, expected) -> None:
    assert numbered_command(text, WORDS) == expected


def heard(text: str = "", **fields) -> Heard:
    return Heard(fields.pop("intent", None), 0.9, {}, text, **fields)


def test_who_sees_and_who_read_work_anywhere_and_on_a_call_wait_for_the_code() -> None:
    state = FlowState(step="q:device", language="pl", consent_given=True)
    assert next_turn(state, heard("kto widzi", keyword="who_sees"), OFFERED).request == "who_sees"
    assert next_turn(state, heard("/who_read", intent="who_read"), OFFERED).request == "who_read"
    stop = next_turn(state, heard("STOP 2", numbered=("stop", 2)), OFFERED)
    assert (stop.request, stop.number) == ("stop_organisation", 2)

    on_a_call = next_turn(state, heard("stop 2", numbered=("stop", 2), channel="voice"), OFFERED)
    assert on_a_call.request == "send_code"
    assert on_a_call.slots["code_for"] == "stop_organisation:2"
    waiting = replace(
        state, step=Step.VERIFY_CODE, history=("q:device",), code_for="stop_organisation:2"
    )
    proven = after_code_checked(waiting, {"verified": True})
    assert (proven.request, proven.number) == ("stop_organisation", 2), "the number survives"


def test_the_list_is_remembered_and_a_stop_marks_the_one_numbered() -> None:
    state = FlowState(step="q:device")
    shown = after_who_sees(state, SEERS)
    assert shown.slots["organisations"] == SEERS
    assert responses(shown) == ["utter_who_sees", "utter_ask_question"]
    done = after_change(state, SEERS, 2, {"name": "City"}, stop=True)
    assert [s["stopped"] for s in done.slots["organisations"]] == [False, True]
    assert done.replies[0] == Reply("utter_organisation_stopped", {"name": "City", "number": 2})
    after_assessment = after_who_sees(FlowState(step=Step.DONE), SEERS)
    assert responses(after_assessment) == ["utter_who_sees"], "no second numbered menu"


def test_a_provider_need_is_asked_then_the_person_returns_to_where_they_were() -> None:
    state = FlowState(step="q:device", language="pl", consent_given=True, history=("consent",))
    due = next_turn(state, heard("", intent="provider_need_due"), OFFERED)
    assert due.request == "ask_provider_need"
    need = {"id": 7, "organisation": "Riverside", "conflict": True, "interpreter_needed": True}
    asked = after_fetch(state, need)
    assert asked.slots["step"] == Step.CONFIRM_PROVIDER_NEED
    assert asked.replies == [Reply("utter_provider_need", {"need": need})]
    waiting = state.updated(asked.slots)
    assert (
        next_turn(waiting, heard("nie", intent="deny"), OFFERED).request == "reject_provider_need"
    )
    assert next_turn(waiting, heard("tak", intent="affirm"), OFFERED).request == (
        "accept_provider_need"
    )
    assert responses(next_turn(waiting, heard("hmm"), OFFERED)) == [
        "utter_not_understood", "utter_provider_need",
    ]  # fmt: skip
    rejected = after_decision(waiting, decided=True, accept=False)
    assert rejected.slots["step"] == "q:device" and rejected.slots["provider_need"] is None
    assert rejected.replies[0] == Reply(
        "utter_provider_need_rejected", {"organisation": "Riverside"}
    )
    assert responses(rejected)[1:] == ["utter_ask_question"]
    assert after_fetch(state, None).replies == [], "nothing to ask: nothing said"
