"""The optional I-statement survey: after a booking, or from the menu; SKIP stops it."""

from __future__ import annotations

from actions.conversation.core import FEEDBACK_ANSWER, FlowState, Reply, Step, Turn, question_for
from actions.conversation.feedback import after_feedback, start_feedback
from actions.conversation.router import next_turn as flow_next_turn
from actions.conversation.survey import position, statement_at
from tests.actions.conversation.test_flow import FLOW, OFFERED, heard, responses

DONE = FlowState(step=Step.DONE, language="pl", consent_given=True)


def next_turn(state: FlowState, message):
    return flow_next_turn(state, message, OFFERED, FLOW)


def at(step: str) -> FlowState:
    return FlowState(step=step, language="pl", consent_given=True)


def test_a_booking_confirmation_is_followed_by_the_first_statement() -> None:
    turn = start_feedback(Turn(replies=[Reply("utter_booked")]), "booking")
    assert turn.slots["step"] == "feedback:booking:0"
    assert turn.replies[1] == Reply(
        "utter_feedback_question", {"statement_id": "own_language", "first": True}
    )


def test_the_menu_starts_the_assessment_survey() -> None:
    turn = next_turn(DONE, heard("/give_feedback", "give_feedback"))
    assert turn.slots["step"] == "feedback:assessment:0"
    assert statement_at(turn.slots["step"]) == "listened"


def test_answers_by_menu_or_words_are_recorded_then_the_next_statement() -> None:
    state = at("feedback:booking:0")
    for message, answer in (
        (heard('/answer{"option":"partly"}', "answer", option="partly"), "partly"),
        (heard("tak", "affirm"), "yes"),
        (heard("no", "deny"), "no"),
    ):
        turn = next_turn(state, message)
        assert (turn.request, turn.feedback) == (FEEDBACK_ANSWER, answer)
    following = after_feedback(state)
    assert following.slots["step"] == "feedback:booking:1"
    assert following.replies == [
        Reply("utter_feedback_question", {"statement_id": "needs_met", "first": False})
    ]


def test_the_last_answer_is_thanked_and_the_survey_ends() -> None:
    turn = after_feedback(at("feedback:booking:2"))
    assert turn.slots["step"] == Step.DONE and responses(turn) == ["utter_feedback_thanks"]


def test_skip_stops_and_anything_else_simply_ends_the_survey() -> None:
    skipped = next_turn(at("feedback:booking:1"), heard("SKIP", keyword="skip"))
    assert responses(skipped) == ["utter_feedback_skipped"] and skipped.request is None
    other = next_turn(at("feedback:booking:1"), heard("what time is it", "greet"))
    assert responses(other) == ["utter_already_done"] and other.request is None
    assert other.slots["step"] == Step.DONE


def test_commands_still_work_during_the_survey() -> None:
    state = at("feedback:booking:1")
    assert next_turn(state, heard("BOOK", keyword="book")).request == "offer_slots"
    assert next_turn(state, heard("MOVE BOOKING", keyword="move")).request == "list_to_move"
    help_turn = next_turn(state, heard("HELP", keyword="help"))
    assert help_turn.replies[1] == question_for(state)


def test_a_broken_survey_step_is_not_a_crash() -> None:
    assert position("feedback:nonsense:9") is None
    turn = next_turn(at("feedback:booking:7"), heard("1", "answer", option="yes"))
    assert responses(turn) == ["utter_already_done"]
