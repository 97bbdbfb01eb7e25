"""Someone contacting us for someone else: each step of the path, the person's YES or NO, and
REMOVE HELPER (pure turns; the API's authority rules are in tests/api/people)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from actions.conversation import representative as rep
from actions.conversation.core import FlowState, Heard, Step, Turn
from actions.conversation.identity import guarded
from tests.actions.conversation.test_flow import FLOW, heard, responses

OFFERED = ("en", "ur")


def turn_for(state: FlowState, message: Heard) -> Turn:
    from actions.conversation.router import next_turn

    return next_turn(state, message, OFFERED, FLOW)


def at(step: str, **details: object) -> FlowState:
    return FlowState(step=step, language="en", representing=dict(details))


def test_the_keyword_starts_the_path_even_as_a_first_message() -> None:
    turn = turn_for(FlowState(), heard("FOR SOMEONE ELSE", keyword="for_someone"))
    assert turn.slots["step"] == rep.RELATIONSHIP
    assert turn.slots["representing"] == {}
    assert responses(turn) == ["utter_ask_representative_relationship"]


def test_the_menu_item_starts_it_too() -> None:
    turn = turn_for(FlowState(step=Step.DONE), heard("/for_someone", "for_someone"))
    assert turn.slots["step"] == rep.RELATIONSHIP


def test_relationship_then_authority_then_number_then_language_then_read_back() -> None:
    state = at(rep.RELATIONSHIP)
    turn = turn_for(state, heard("1", "inform", option="family"))
    assert turn.slots["step"] == rep.AUTHORITY
    state = state.updated(turn.slots)
    turn = turn_for(state, heard("1", "inform", option="consent"))
    assert turn.slots["step"] == rep.PHONE
    state = state.updated(turn.slots)
    turn = turn_for(state, heard("07700 900222", "nlu_fallback"))
    assert turn.slots["representing"]["phone"] == "+447700900222"
    state = state.updated(turn.slots)
    turn = turn_for(state, heard("2", "choose_language", language="ur"))
    assert turn.slots["step"] == rep.CONFIRM
    (confirm,) = turn.replies
    assert confirm.arguments == {
        "person_phone": "+447700900222", "relationship": "family", "authority": "consent",
        "person_language": "ur",
    }  # fmt: skip
    state = state.updated(turn.slots)
    assert turn_for(state, heard("yes", "affirm")).request == rep.REGISTER


def test_no_at_the_read_back_records_nothing_and_leaves_the_path() -> None:
    state = replace(at(rep.CONFIRM, phone="+447700900222"), history=(Step.DONE, rep.PHONE))
    turn = turn_for(state, heard("no", "deny"))
    assert turn.request is None
    assert turn.slots["step"] == Step.DONE and turn.slots["representing"] is None
    assert responses(turn)[0] == "utter_representative_cancelled"


@pytest.mark.parametrize("text", ["12345", "hello", "+1 202 555 0100 0000", "01632 960000"])
def test_a_number_that_is_not_a_mobile_is_asked_again_kindly(text: str) -> None:
    turn = turn_for(at(rep.PHONE), heard(text, "nlu_fallback"))
    assert responses(turn) == [
        "utter_representative_phone_invalid",
        "utter_ask_representative_phone",
    ]


def test_international_and_national_mobiles_are_both_understood() -> None:
    assert rep.typed_phone("+48 601 234 567") == "+48601234567"
    assert rep.typed_phone("07700900222") == "+447700900222"


def test_a_parent_of_a_child_of_16_is_outside_that_authority() -> None:
    state = at(rep.AUTHORITY, relationship="parent")
    turn = turn_for(state, heard("4", "inform", option="parent_under_16"))
    assert turn.slots["step"] == rep.CHILD_AGE
    state = state.updated(turn.slots)
    too_old = turn_for(state, heard("16", "nlu_fallback"))
    assert too_old.slots["step"] == rep.AUTHORITY
    assert responses(too_old) == [
        "utter_representative_child_too_old", "utter_ask_representative_authority",
    ]  # fmt: skip
    child = turn_for(state, heard("12", "nlu_fallback"))
    assert (child.slots["step"], child.slots["representing"]["child_age"]) == (rep.PHONE, 12)


def test_a_yes_at_rest_may_answer_our_text_else_the_usual_turn() -> None:
    turn = turn_for(FlowState(), heard("ہاں", "affirm"))
    assert (turn.request, turn.feedback) == (rep.ANSWER, "yes")
    assert turn.otherwise is not None and responses(turn.otherwise) == ["utter_ask_language"]
    mid_question = turn_for(FlowState(step=Step.CONSENT, language="en"), heard("yes", "affirm"))
    assert mid_question.request != rep.ANSWER  # a yes to our own question stays one


def test_the_persons_yes_is_their_consent_and_they_carry_on_in_their_language() -> None:
    turn = rep.after_answer(FlowState(), {"language": "ur", "status": "active"}, confirmed=True)
    assert turn.slots["language"] == "ur" and turn.slots["consent_given"] is True
    assert turn.slots["step"] == Step.INTERPRETER_NEEDED
    assert responses(turn) == ["utter_representative_answered", "utter_ask_interpreter_needed"]
    refused = rep.after_answer(FlowState(), {"language": "ur"}, confirmed=False)
    assert refused.slots == {"language": "ur"}


def test_remove_helper_ends_it_at_any_point() -> None:
    assert turn_for(FlowState(), heard("x", keyword="remove_helper")).request == rep.END
    ended = rep.after_end(FlowState(), ended=True, language="ur")
    assert ended.slots == {"language": "ur"} and responses(ended) == ["utter_representative_ended"]


def test_reading_for_the_person_waits_for_the_code_on_a_call() -> None:
    message = Heard("their_data", 0.9, {}, "/their_data", channel="voice")
    assert guarded(message, Turn(request=rep.READ_FOR)).slots["code_for"] == rep.READ_FOR
    by_text = Heard("their_data", 0.9, {}, "/their_data")
    assert guarded(by_text, Turn(request=rep.READ_FOR)).request == rep.READ_FOR


def test_outside_their_authority_the_representative_is_told_why() -> None:
    turn = rep.after_read_for(at(rep.ACTING), {"allowed": False, "reason": "not_confirmed"})
    assert responses(turn) == ["utter_representative_not_allowed", "utter_representative_menu"]
    assert turn.replies[0].arguments == {"reason": "not_confirmed"}
