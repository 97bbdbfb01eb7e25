"""The conversation flow: each step, what it understands, and what it asks next."""

from __future__ import annotations

import pytest

from actions.flow import FlowState, Heard, Reply, Step, after_save, next_turn

OFFERED = ("en", "pl")


def heard(text: str = "", intent: str | None = None, confidence: float = 0.9, **entities) -> Heard:
    return Heard(intent=intent, confidence=confidence, entities=entities, text=text)


def responses(turn) -> list[str]:
    return [reply.response for reply in turn.replies]


def test_first_message_of_any_kind_asks_for_the_language() -> None:
    turn = next_turn(FlowState(), heard("hello", "greet"), OFFERED)
    assert turn.slots == {"step": "language"}
    assert responses(turn) == ["utter_ask_language"]


@pytest.mark.parametrize(
    "message",
    [
        heard('/choose_language{"language":"pl"}', "choose_language", language="pl"),
        heard("polski", "nlu_fallback"),
        heard("Polish please", "greet"),
        heard("po polsku", "nlu_fallback"),
    ],
)
def test_language_chosen_by_menu_or_by_name_then_consent_is_asked(message) -> None:
    turn = next_turn(FlowState(step=Step.LANGUAGE), message, OFFERED)
    assert turn.slots == {"language": "pl", "step": "consent"}
    assert responses(turn) == ["utter_ask_consent"]


@pytest.mark.parametrize(
    "message",
    [
        heard("🙂", "nlu_fallback"),
        heard("klingon", "nlu_fallback"),
        heard("", "no_content"),
        heard('/choose_language{"language":"xx"}', "choose_language", language="xx"),
    ],
)
def test_unknown_language_is_asked_again_kindly(message) -> None:
    turn = next_turn(FlowState(step=Step.LANGUAGE), message, OFFERED)
    assert turn.slots == {}
    assert responses(turn)[-1] == "utter_ask_language"
    assert responses(turn)[0] in ("utter_not_understood", "utter_empty_message")


def test_consent_yes_moves_to_the_interpreter_question() -> None:
    state = FlowState(step=Step.CONSENT, language="pl")
    turn = next_turn(state, heard("tak", "affirm"), OFFERED)
    assert turn.slots == {"consent_given": True, "step": "interpreter_needed"}
    assert responses(turn) == ["utter_ask_interpreter_needed"]


def test_consent_no_records_nothing_and_a_later_message_asks_again() -> None:
    state = FlowState(step=Step.CONSENT, language="en")
    turn = next_turn(state, heard("no", "deny"), OFFERED)
    assert turn.slots == {"consent_given": False, "step": "declined"}
    assert responses(turn) == ["utter_no_consent"]
    assert not turn.save_requested
    again = next_turn(FlowState(step=Step.DECLINED, language="en"), heard("hi", "greet"), OFFERED)
    assert responses(again) == ["utter_ask_consent"]


def test_unsure_yes_no_is_asked_again() -> None:
    state = FlowState(step=Step.CONSENT, language="en")
    turn = next_turn(state, heard("maybe", "affirm", confidence=0.2), OFFERED)
    assert responses(turn) == ["utter_not_understood", "utter_ask_consent"]
    assert turn.slots == {}


def test_interpreter_yes_asks_which_language() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="en", consent_given=True)
    turn = next_turn(state, heard("yes", "affirm"), OFFERED)
    assert turn.slots == {"interpreter_needed": True, "step": "interpreter_language"}
    assert responses(turn) == ["utter_ask_interpreter_language"]


def test_naming_the_language_straight_away_skips_a_question() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="en", consent_given=True)
    turn = next_turn(state, heard("I need an Urdu interpreter", "affirm"), OFFERED)
    assert turn.slots == {
        "interpreter_needed": True,
        "interpreter_language": "ur",
        "step": "read_back",
    }
    assert turn.replies == [
        Reply("utter_read_back", {"interpreter_needed": True, "interpreter_language": "ur"})
    ]


def test_no_interpreter_reads_back_straight_away() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="pl", consent_given=True)
    turn = next_turn(state, heard("nie", "deny"), OFFERED)
    assert turn.slots["interpreter_needed"] is False
    assert turn.replies == [
        Reply("utter_read_back", {"interpreter_needed": False, "interpreter_language": None})
    ]


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (heard('/inform{"interpreter_language":"so"}', "inform", interpreter_language="so"), "so"),
        (heard("arabski", "nlu_fallback"), "ar"),
        (heard("Bengali", "nlu_fallback"), "bn"),
    ],
)
def test_interpreter_language_by_menu_or_name(message, code) -> None:
    state = FlowState(step=Step.INTERPRETER_LANGUAGE, language="pl", interpreter_needed=True)
    turn = next_turn(state, message, OFFERED)
    assert turn.slots == {"interpreter_language": code, "step": "read_back"}


def test_read_back_yes_asks_to_save_and_the_outcome_is_told() -> None:
    state = FlowState(
        step=Step.READ_BACK, language="pl", consent_given=True, interpreter_needed=False
    )
    assert next_turn(state, heard("1", "affirm"), OFFERED).save_requested
    saved = after_save(state, saved=True)
    assert saved.slots == {"step": "done"}
    assert responses(saved) == ["utter_saved"]
    failed = after_save(state, saved=False)
    assert failed.slots == {}, "unsaved answers must stay where they are"
    assert responses(failed) == ["utter_save_failed"]


def test_read_back_no_goes_through_the_questions_again_keeping_consent() -> None:
    state = FlowState(step=Step.READ_BACK, language="en", consent_given=True)
    turn = next_turn(state, heard("no", "deny"), OFFERED)
    assert turn.slots == {"step": "interpreter_needed"}
    assert responses(turn) == ["utter_start_again", "utter_ask_interpreter_needed"]


def test_after_saving_further_messages_are_answered_kindly() -> None:
    turn = next_turn(FlowState(step=Step.DONE, language="en"), heard("hello", "greet"), OFFERED)
    assert responses(turn) == ["utter_already_done"]
