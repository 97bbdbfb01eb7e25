"""The conversation flow: each step, what it understands, and what it asks next."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from actions.conversation.assessment import after_save
from actions.conversation.core import FlowState, Heard, Reply, Step
from actions.conversation.definition import FlowDefinition
from actions.conversation.router import next_turn as flow_next_turn
from api.core.codes import INTERPRETER_LANGUAGES
from api.nlg.keywords import english_keywords
from api.translations.interpreter_names import interpreter_names

OFFERED = ("en", "pl")
DEFAULT_FLOW = Path(__file__).resolve().parents[3] / "api" / "assessment" / "default.yml"
FLOW = FlowDefinition.from_api(
    {
        "fingerprint": "test",
        "flow": yaml.safe_load(DEFAULT_FLOW.read_text(encoding="utf-8")),
        # as GET /internal/flow serves them
        "interpreter_languages": list(INTERPRETER_LANGUAGES),
        "interpreter_names": {
            c: interpreter_names().typed(c, OFFERED) for c in INTERPRETER_LANGUAGES
        },
        "keywords": english_keywords(),
    }
)
FIRST_QUESTION = "q:device"


def next_turn(state, message, offered):
    return flow_next_turn(state, message, offered, FLOW)


def heard(
    text: str = "",
    intent: str | None = None,
    confidence: float = 0.9,
    keyword: str | None = None,
    language_guess: str | None = None,
    **entities: str,
) -> Heard:
    return Heard(intent, confidence, entities, text, keyword, language_guess)


def responses(turn) -> list[str]:
    return [reply.response for reply in turn.replies]


def test_first_message_of_any_kind_asks_for_the_language() -> None:
    turn = next_turn(FlowState(), heard("hello", "greet"), OFFERED)
    assert turn.slots["step"] == "language"
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
    assert turn.slots["language"] == "pl"
    assert turn.slots["step"] == "consent"
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
    assert turn.slots == {"fails": 1}
    assert responses(turn)[-1] == "utter_ask_language"
    assert responses(turn)[0] in ("utter_not_understood", "utter_empty_message")


def test_consent_yes_moves_to_the_interpreter_question() -> None:
    state = FlowState(step=Step.CONSENT, language="pl")
    turn = next_turn(state, heard("tak", "affirm"), OFFERED)
    assert turn.slots["consent_given"] is True
    assert turn.slots["step"] == "interpreter_needed"
    assert responses(turn) == ["utter_ask_interpreter_needed"]


def test_consent_no_records_nothing_and_a_later_message_asks_again() -> None:
    state = FlowState(step=Step.CONSENT, language="en")
    turn = next_turn(state, heard("no", "deny"), OFFERED)
    assert turn.slots["consent_given"] is False
    assert turn.slots["step"] == "declined"
    assert responses(turn) == ["utter_no_consent"]
    assert not turn.save_requested
    again = next_turn(FlowState(step=Step.DECLINED, language="en"), heard("hi", "greet"), OFFERED)
    assert responses(again) == ["utter_ask_consent"]


def test_unsure_yes_no_is_asked_again() -> None:
    state = FlowState(step=Step.CONSENT, language="en")
    turn = next_turn(state, heard("maybe", "affirm", confidence=0.2), OFFERED)
    assert responses(turn) == ["utter_not_understood", "utter_ask_consent"]
    assert turn.slots == {"fails": 1}


def test_interpreter_yes_asks_which_language() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="en", consent_given=True)
    turn = next_turn(state, heard("yes", "affirm"), OFFERED)
    assert turn.slots["interpreter_needed"] is True
    assert turn.slots["step"] == "interpreter_language"
    assert responses(turn) == ["utter_ask_interpreter_language"]


def test_naming_the_language_straight_away_skips_a_question() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="en", consent_given=True)
    turn = next_turn(state, heard("I need an Urdu interpreter", "affirm"), OFFERED)
    assert turn.slots["interpreter_needed"] is True
    assert turn.slots["interpreter_language"] == "ur"
    assert turn.slots["step"] == FIRST_QUESTION
    assert turn.replies == [Reply("utter_ask_question", {"question_id": "device"})]


@pytest.mark.parametrize(
    ("text", "language", "code"),
    [
        ("another language: Pashto", "en", "ps"),
        ("پښتو", "ur", "ps"),
        ("pushto please", "en", "ps"),
        ("Dari", "fa", "prs"),
        ("Kurdish Sorani", "en", "ckb"),
        ("کوردی", "ckb", "ckb"),
        ("Sylheti", "bn", "syl"),
        ("廣東話", "zh", "yue"),
        ("广东话", "zh", "yue"),
        ("mandarin", "zh", "cmn"),
        ("Twi", "en", "tw"),
        ("Tagalog", "en", "tl"),
        ("amharic", "ti", "am"),
        ("British Sign Language", "en", "bfi"),
        ("Русский", "uk", "ru"),
        ("lietuvių", "en", "lt"),
        ("Afaan Oromoo", "en", "om"),
        ("Kiswahili", "en", "sw"),
        ("Lingala", "en", "ln"),
    ],
)
def test_another_language_is_understood_by_name_and_coded(text, language, code) -> None:
    state = FlowState(
        step=Step.INTERPRETER_LANGUAGE, language=language, consent_given=True,
        interpreter_needed=True,
    )  # fmt: skip
    other = next_turn(state, heard('/inform{"interpreter_language":"other"}', "inform",
                                   interpreter_language="other"), OFFERED)  # fmt: skip
    assert other.slots["step"] == Step.INTERPRETER_OTHER
    assert responses(other) == ["utter_ask_interpreter_other"]
    named = next_turn(
        replace(state, step=Step.INTERPRETER_OTHER), heard(text, "nlu_fallback"), OFFERED
    )
    assert named.slots["interpreter_language"] == code
    assert named.slots["step"] == FIRST_QUESTION


def test_an_unknown_other_language_is_asked_again_then_recorded_as_not_given() -> None:
    state = FlowState(
        step=Step.INTERPRETER_OTHER, language="en", consent_given=True, interpreter_needed=True
    )
    again = next_turn(state, heard("klingon", "nlu_fallback"), OFFERED)
    assert responses(again) == ["utter_not_understood", "utter_ask_interpreter_other"]
    last = next_turn(replace(state, fails=2), heard("klingon", "nlu_fallback"), OFFERED)
    assert last.slots["interpreter_language"] is None
    assert last.slots["step"] == FIRST_QUESTION


def test_no_interpreter_goes_on_to_the_first_flow_question() -> None:
    state = FlowState(step=Step.INTERPRETER_NEEDED, language="pl", consent_given=True)
    turn = next_turn(state, heard("nie", "deny"), OFFERED)
    assert turn.slots["interpreter_needed"] is False
    assert turn.slots["step"] == FIRST_QUESTION


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
    assert turn.slots["interpreter_language"] == code
    assert turn.slots["step"] == FIRST_QUESTION


def test_read_back_yes_asks_to_save_and_the_outcome_is_told() -> None:
    state = FlowState(
        step=Step.READ_BACK, language="pl", consent_given=True, interpreter_needed=False
    )
    assert next_turn(state, heard("/affirm", "affirm"), OFFERED).save_requested
    saved = after_save(state, saved=True)
    assert saved.slots["step"] == "done"
    assert responses(saved) == ["utter_saved"]
    failed = after_save(state, saved=False)
    assert failed.slots == {}, "unsaved answers must stay where they are"
    assert responses(failed) == ["utter_save_failed"]


def test_read_back_no_asks_which_part_to_change_keeping_everything() -> None:
    state = FlowState(step=Step.READ_BACK, language="en", consent_given=True)
    turn = next_turn(state, heard("no", "deny"), OFFERED)
    assert turn.slots["step"] == "change_section"
    assert "consent_given" not in turn.slots and "answers" not in turn.slots
    assert responses(turn) == ["utter_ask_change"]


def test_changing_a_section_asks_only_its_questions_then_reads_back() -> None:
    answered = {"device": ["smartphone"], "contact_method": ["sms"], "contact_times": ["morning"]}
    state = FlowState(step="change_section", language="en", consent_given=True, answers=answered)
    turn = next_turn(state, heard("", "change_section", section="contact"), OFFERED)
    assert turn.slots["step"] == "q:contact_method" and turn.slots["changing"] == "contact"
    state = FlowState(
        step="q:contact_method", language="en", consent_given=True, answers=answered,
        changing="contact",
    )  # fmt: skip
    turn = next_turn(state, heard("2"), OFFERED)
    assert turn.slots["step"] == "q:contact_times"
    state = FlowState(
        step="q:contact_times", language="en", consent_given=True,
        answers=turn.slots["answers"], changing="contact",
    )  # fmt: skip
    turn = next_turn(state, heard("3"), OFFERED)
    assert turn.slots["step"] == "read_back" and turn.slots["changing"] is None
    read_back = turn.replies[0].arguments["answers"]
    assert read_back == {"device": ["smartphone"], "contact_method": ["phone"],
                         "contact_times": ["evening"]}  # fmt: skip


def test_changing_the_interpreter_returns_to_the_read_back() -> None:
    state = FlowState(step="change_section", language="en", consent_given=True)
    turn = next_turn(state, heard("", "change_section", section="interpreter"), OFFERED)
    assert turn.slots["step"] == "interpreter_needed"
    state = FlowState(
        step="interpreter_needed", language="en", consent_given=True, changing="interpreter"
    )
    turn = next_turn(state, heard("no", "deny"), OFFERED)
    assert turn.slots["step"] == "read_back"


def test_change_after_finishing_lets_them_update() -> None:
    done = FlowState(step=Step.DONE, language="en", consent_given=True)
    for message in (heard("/change", "change"), heard("change", keyword="change")):
        assert next_turn(done, message, OFFERED).slots["step"] == "change_section"
    unknown = FlowState(step="change_section", language="en", consent_given=True)
    assert responses(next_turn(unknown, heard("purple"), OFFERED))[0] == "utter_not_understood"


def test_change_before_consent_is_not_offered() -> None:
    state = FlowState(step=Step.CONSENT, language="en")
    turn = next_turn(state, heard("change", keyword="change"), OFFERED)
    assert turn.slots.get("step") != "change_section"


def test_after_saving_further_messages_are_answered_kindly() -> None:
    turn = next_turn(FlowState(step=Step.DONE, language="en"), heard("hello", "greet"), OFFERED)
    assert responses(turn) == ["utter_already_done"]


def at_question(question_id: str, **answers) -> FlowState:
    return FlowState(
        step=f"q:{question_id}", language="en", consent_given=True, answers=answers,
        history=("language", "consent", "interpreter_needed"),
    )  # fmt: skip


def test_each_flow_question_leads_to_the_next_then_the_read_back() -> None:
    state = at_question("device")
    asked = ["device"]
    for _ in range(20):
        turn = next_turn(state, heard("1"), OFFERED)
        state = FlowState(
            step=turn.slots["step"], language="en", consent_given=True,
            answers=turn.slots.get("answers", state.answers),
            history=tuple(turn.slots["history"]),
        )  # fmt: skip
        if state.step == "read_back":
            break
        asked.append(state.step.removeprefix("q:"))
    assert asked == [q.id for q in FLOW.questions]
    assert responses(turn) == ["utter_read_back"]
    assert turn.replies[0].arguments["answers"]["device"] == ["smartphone"]
    assert set(state.answers) == set(asked)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("1 3", ["bsl", "hearing_loop"]),
        ("1, 3", ["bsl", "hearing_loop"]),
        ("2 and 4", ["lip_reading", "easy_read"]),
        ("4 i 2", ["easy_read", "lip_reading"]),
        ("3 3", ["hearing_loop"]),
        ("9 1", ["bsl"]),  # 'None of these' with a real answer: the real answer wins
        ("10", []),  # 'Prefer not to say'
    ],
)
def test_multi_answer_questions_take_several_numbers(reply, expected) -> None:
    turn = next_turn(at_question("communication_support"), heard(reply), OFFERED)
    assert turn.slots["answers"] == {"communication_support": expected}
    assert turn.slots["step"] == "q:adjustments"


@pytest.mark.parametrize("reply", ["1 3", "0", "7", "12 banana", "🙂"])
def test_single_answer_questions_refuse_what_does_not_fit(reply) -> None:
    turn = next_turn(at_question("device"), heard(reply, "nlu_fallback"), OFFERED)
    assert "answers" not in turn.slots
    assert responses(turn) == ["utter_not_understood", "utter_ask_question"]


def test_menu_payload_and_option_words_are_understood() -> None:
    payload = heard('/answer{"option":"no_device"}', "answer", option="no_device")
    assert next_turn(at_question("device"), payload, OFFERED).slots["answers"] == {
        "device": ["no_device"]
    }
    words = heard("large print", "nlu_fallback")
    turn = next_turn(at_question("communication_support"), words, OFFERED)
    assert turn.slots["answers"] == {"communication_support": ["large_print"]}


def test_skip_by_payload_or_keyword_records_no_answer_and_moves_on() -> None:
    for message in (heard("/skip", "skip"), heard("skip", "nlu_fallback", keyword="skip")):
        turn = next_turn(at_question("device"), message, OFFERED)
        assert turn.slots["answers"] == {"device": []}
        assert turn.slots["step"] == "q:connectivity"


def test_back_returns_to_the_previous_question_keeping_answers() -> None:
    state = FlowState(
        step="q:connectivity", language="en", consent_given=True,
        answers={"device": ["smartphone"]}, history=("consent", "interpreter_needed", "q:device"),
    )  # fmt: skip
    turn = next_turn(state, heard("back", keyword="back"), OFFERED)
    assert turn.slots["step"] == "q:device"
    assert turn.slots["history"] == ["consent", "interpreter_needed"]
    assert "answers" not in turn.slots
    assert turn.replies == [Reply("utter_ask_question", {"question_id": "device"})]


def test_help_explains_then_repeats_the_question() -> None:
    turn = next_turn(at_question("device"), heard("help", keyword="help"), OFFERED)
    assert responses(turn) == ["utter_help", "utter_ask_question"]
    assert turn.slots == {}


def test_after_two_re_asks_the_question_is_left_and_the_person_moves_on() -> None:
    state = FlowState(step="q:device", language="en", consent_given=True, fails=2)
    turn = next_turn(state, heard("purple", "nlu_fallback"), OFFERED)
    assert responses(turn) == ["utter_moving_on", "utter_ask_question"]
    assert turn.slots["step"] == "q:connectivity"
    assert "device" not in turn.slots.get("answers", {})


def test_a_question_removed_from_the_flow_does_not_strand_the_person() -> None:
    state = FlowState(step="q:no_longer_asked", language="en", consent_given=True)
    turn = next_turn(state, heard("1"), OFFERED)
    assert turn.slots["step"] == FIRST_QUESTION


def test_option_words_in_the_conversation_language_are_understood() -> None:
    polish = FLOW.named(lambda question, text: {"Large print": "Duży druk"}.get(text, text))
    state = FlowState(step="q:communication_support", language="pl", consent_given=True)
    turn = flow_next_turn(state, heard("duzy druk.", "nlu_fallback"), OFFERED, polish)
    assert turn.slots["answers"] == {"communication_support": ["large_print"]}


def test_my_data_asks_the_api_then_reads_back_and_repeats_the_question() -> None:
    state = at_question("connectivity", device=["smartphone"])
    turn = next_turn(state, heard("my data", keyword="my_data"), OFFERED)
    assert turn.request == "read_held" and turn.replies == []
    from actions.conversation.my_data import after_read_held

    held = {
        "held": True,
        "interpreter": {"needed": True, "language": "so"},
        "answers": {"a": ["b"]},
    }
    shown = after_read_held(state, held)
    assert shown.replies[0] == Reply(
        "utter_my_data",
        {"held": True, "interpreter_needed": True, "interpreter_language": "so",
         "answers": {"a": ["b"]}, "observed": []},
    )  # fmt: skip
    assert shown.replies[1] == Reply("utter_ask_question", {"question_id": "connectivity"})
    assert responses(after_read_held(state, None)) == ["utter_default", "utter_ask_question"]


def test_delete_is_confirmed_first_and_can_be_called_off() -> None:
    state = at_question("connectivity", device=["smartphone"])
    asked = next_turn(state, heard("delete", keyword="delete"), OFFERED)
    assert asked.slots["step"] == "confirm_delete"
    assert responses(asked) == ["utter_confirm_delete"]
    confirming = FlowState(
        step="confirm_delete", language="en", consent_given=True, answers=state.answers,
        history=(*state.history, "q:connectivity"),
    )  # fmt: skip
    yes = next_turn(confirming, heard("yes", "affirm"), OFFERED)
    assert (yes.request, yes.slots) == ("send_code", {"code_for": "erase"}), "a code first"
    proven = Heard("affirm", 0.9, {}, "yes", proven=True)
    assert next_turn(confirming, proven, OFFERED).request == "erase"
    called_off = next_turn(confirming, heard("no", "deny"), OFFERED)
    assert called_off.slots["step"] == "q:connectivity"
    assert called_off.request is None


def test_after_erasure_every_answer_is_forgotten_and_the_conversation_too() -> None:
    from actions.conversation.my_data import after_erase

    state = at_question("connectivity", device=["smartphone"])
    turn = after_erase(state, erased=True)
    assert responses(turn) == ["utter_deleted"]
    assert turn.slots["answers"] is None and turn.slots["step"] is None
    assert turn.slots["erase_conversation"] is True
    kept = after_erase(state, erased=False)
    assert "erase_conversation" not in kept.slots
    assert responses(kept) == ["utter_default", "utter_ask_question"]


def test_call_me_queues_a_call_back_then_carries_on() -> None:
    from actions.conversation.callback import after_callback

    state = FlowState(
        step="q:device", language="pl", consent_given=True, interpreter_needed=True,
        interpreter_language="pl",
    )  # fmt: skip
    for message in (heard("zadzwoń", keyword="call_me"), heard("ring me", "call_me_back")):
        assert next_turn(state, message, OFFERED).request == "callback"
    told = after_callback(state, "2026-11-24T13:00:00+00:00")
    assert told.replies == [
        Reply(
            "utter_callback_requested",
            {"due_at": "2026-11-24T13:00:00+00:00", "interpreter_language": "pl"},
        ),
        Reply("utter_ask_question", {"question_id": "device"}),
    ]
    assert told.slots == {}
    assert responses(after_callback(state, None)) == ["utter_default", "utter_ask_question"]


@pytest.mark.parametrize("reply", ["5", "99999999999999999999", "3 4", "0"])
def test_a_number_off_the_menu_is_never_taken_as_yes(reply) -> None:
    for step in (Step.CONSENT, Step.READ_BACK, Step.INTERPRETER_NEEDED, Step.CONFIRM_DELETE):
        state = FlowState(step=step, language="en", consent_given=step != Step.CONSENT)
        turn = next_turn(state, heard(reply, "affirm", confidence=0.95), OFFERED)
        assert turn.request is None, (step, reply)
        assert responses(turn)[0] == "utter_not_understood", (step, reply)


def test_a_first_message_in_a_clear_language_is_confirmed_in_that_language() -> None:
    first = heard("Dzień dobry, potrzebuję lekarza", "greet", language_guess="pl")
    turn = next_turn(FlowState(), first, OFFERED)
    assert turn.slots["step"] == "confirm_language"
    assert turn.replies == [Reply("utter_confirm_language", {"language": "pl", "guessed": "pl"})]
    asked = FlowState(step="confirm_language", guessed_language="pl")
    yes = next_turn(asked, heard("/affirm", "affirm"), OFFERED)
    assert (yes.slots["language"], yes.slots["step"]) == ("pl", "consent")
    no = next_turn(asked, heard("/deny", "deny"), OFFERED)
    assert no.slots["step"] == "language" and "language" not in no.slots
    named = next_turn(asked, heard("English please", "nlu_fallback"), OFFERED)
    assert (named.slots["language"], named.slots["step"]) == ("en", "consent")


def test_a_guess_outside_the_offered_languages_gets_the_menu() -> None:
    turn = next_turn(FlowState(), heard("Bonjour, je suis malade", language_guess="fr"), OFFERED)
    assert turn.slots["step"] == "language"


def test_language_keyword_changes_language_and_keeps_the_place() -> None:
    state = at_question("connectivity", device=["smartphone"])
    menu = next_turn(state, heard("language", keyword="language"), OFFERED)
    assert menu.slots["step"] == "language"
    at_menu = FlowState(
        step="language", language="en", consent_given=True, answers=state.answers,
        history=tuple(menu.slots["history"]),
    )  # fmt: skip
    turn = next_turn(at_menu, heard("", "choose_language", language="pl"), OFFERED)
    assert turn.slots["language"] == "pl" and turn.slots["step"] == "q:connectivity"
    assert "answers" not in turn.slots


SLOTS = (
    {"id": 7, "start": "2026-12-01T10:30:00+00:00", "length_minutes": 30, "place": "Riverside",
     "service": "Physiotherapy", "mode": "in_person", "interpreter_to_book": []},
    {"id": 9, "start": "2026-12-02T14:00:00+00:00", "length_minutes": 40, "place": "Riverside",
     "service": "Physiotherapy", "mode": "in_person", "interpreter_to_book": ["pl"]},
)  # fmt: skip


def test_book_after_finishing_asks_the_api_for_slots_that_fit() -> None:
    from actions.conversation.booking import after_offer

    done = FlowState(step=Step.DONE, language="en", consent_given=True)
    for message in (heard("book", keyword="book"), heard("/book_appointment", "book_appointment")):
        assert next_turn(done, message, OFFERED).request == "offer_slots"
    offered = after_offer(done, list(SLOTS))
    assert offered.slots["step"] == "choose_slot"
    assert offered.replies == [Reply("utter_offer_slots", {"slots": list(SLOTS)})]
    assert responses(after_offer(done, [])) == ["utter_no_slots"]


def test_choosing_an_offered_slot_books_it_and_nothing_else() -> None:
    from actions.conversation.booking import BOOKED, SLOT_GONE, after_booking

    state = FlowState(step="choose_slot", language="en", consent_given=True, offered_slots=SLOTS)
    pick = next_turn(state, heard('/choose_slot{"slot":"9"}', "choose_slot", slot="9"), OFFERED)
    assert (pick.request, pick.chosen_slot) == ("book", 9)
    stale = next_turn(state, heard('/choose_slot{"slot":"3"}', "choose_slot", slot="3"), OFFERED)
    assert stale.request is None and responses(stale)[0] == "utter_not_understood"
    none = next_turn(state, heard("/deny", "deny"), OFFERED)
    assert none.slots["step"] == "done" and responses(none) == ["utter_no_slot_chosen"]

    booking = {"slot": SLOTS[1], "interpreter_to_book": ["pl"]}
    booked = after_booking(state, BOOKED, booking)
    assert booked.replies == [
        Reply("utter_booked", {"slot": SLOTS[1], "interpreter_to_book": ["pl"]})
    ]
    assert booked.slots["step"] == "done" and booked.slots["offered_slots"] is None
    gone = after_booking(state, SLOT_GONE, None)
    assert gone.request == "offer_slots" and responses(gone) == ["utter_slot_gone"]


def test_a_check_in_interrupts_kindly_and_returns_to_where_they_were() -> None:
    from actions.conversation.check_in import after_check_in

    state = at_question("connectivity", device=["smartphone"])
    asked = next_turn(state, heard("/check_in_due", "check_in_due"), OFFERED)
    assert asked.slots["step"] == "check_in" and responses(asked) == ["utter_check_in"]
    checking = FlowState(
        step="check_in", language="en", consent_given=True, answers=state.answers,
        history=(*state.history, "q:connectivity"),
    )  # fmt: skip
    answered = next_turn(checking, heard('/check_in{"answer":"worse"}', "check_in", answer="worse"),
                         OFFERED)  # fmt: skip
    assert (answered.request, answered.check_in) == ("check_in_answer", "worse")
    after = after_check_in(checking, "worse", recorded=True)
    assert responses(after) == ["utter_check_in_worse", "utter_ask_question"]
    assert after.slots["step"] == "q:connectivity"
    assert responses(next_turn(checking, heard("purple"), OFFERED))[0] == "utter_not_understood"


def test_a_check_in_after_finishing_needs_no_question_after_it() -> None:
    from actions.conversation.check_in import after_check_in

    checking = FlowState(step="check_in", language="pl", consent_given=True, history=("done",))
    after = after_check_in(checking, "same", recorded=True)
    assert responses(after) == ["utter_check_in_same"] and after.slots["step"] == "done"


BOOKINGS = [{"id": 4, "slot": SLOTS[0]}, {"id": 5, "slot": SLOTS[1]}]


def test_cancel_lists_bookings_and_asks_before_cancelling() -> None:
    from actions.conversation.booking import after_cancel, after_list_bookings

    done = FlowState(step=Step.DONE, language="en", consent_given=True)
    assert next_turn(done, heard("cancel", keyword="cancel"), OFFERED).request == "list_bookings"
    assert responses(after_list_bookings(done, [])) == ["utter_no_bookings"]
    one = after_list_bookings(done, BOOKINGS[:1])
    assert one.slots["step"] == "confirm_cancel", "one booking: straight to 'are you sure?'"
    two = after_list_bookings(done, BOOKINGS)
    assert two.slots["step"] == "choose_booking"
    choosing = FlowState(step="choose_booking", language="en", consent_given=True,
                         bookings=tuple(BOOKINGS), history=("done",))  # fmt: skip
    picked = next_turn(choosing, heard("", "choose_booking", booking="5"), OFFERED)
    assert picked.slots["step"] == "confirm_cancel" and picked.slots["bookings"] == BOOKINGS[1:]
    sure = FlowState(step="confirm_cancel", language="en", consent_given=True,
                     bookings=(BOOKINGS[1],))  # fmt: skip
    yes = next_turn(sure, heard("/affirm", "affirm"), OFFERED)
    assert (yes.request, yes.chosen_slot) == ("cancel_booking", 5)
    kept = next_turn(sure, heard("/deny", "deny"), OFFERED)
    assert kept.request is None and responses(kept) == ["utter_booking_kept"]
    assert after_cancel(sure, cancelled=True).replies == [
        Reply("utter_cancelled", {"booking": BOOKINGS[1]})
    ]
    assert "5" not in str(next_turn(sure, heard("5"), OFFERED).request)


def test_my_data_on_a_call_texts_a_code_first() -> None:
    from actions.conversation.identity import after_code_checked, after_code_sent

    state = at_question("connectivity")
    by_text = next_turn(state, heard("my data", keyword="my_data"), OFFERED)
    assert by_text.request == "read_held"
    on_call = Heard("nlu_fallback", 0.3, {}, "my data", "my_data", None, "voice")
    gated = next_turn(state, on_call, OFFERED)
    assert (gated.request, gated.slots) == ("send_code", {"code_for": "read_held"})
    proven = Heard("nlu_fallback", 0.3, {}, "my data", "my_data", None, "voice", proven=True)
    assert next_turn(state, proven, OFFERED).request == "read_held"
    asked = after_code_sent(state, "sent")
    assert asked.slots["step"] == "verify_code" and responses(asked) == ["utter_ask_code"]
    assert responses(after_code_sent(state, "not_sent"))[0] == "utter_code_not_sent"
    assert responses(after_code_sent(state, "refused"))[0] == "utter_code_refused"

    verifying = FlowState(step="verify_code", language="en", consent_given=True,
                          history=(*state.history, "q:connectivity"),
                          code_for="read_held")  # fmt: skip
    keyed = next_turn(verifying, Heard(None, 0.0, {}, "123456", channel="voice"), OFFERED)
    assert (keyed.request, keyed.code) == ("check_code", "123456")
    assert responses(next_turn(verifying, heard("12"), OFFERED))[0] == "utter_not_understood"

    right = after_code_checked(verifying, {"verified": True, "tries_left": 2, "locked": False})
    assert right.request == "read_held" and right.slots["step"] == "q:connectivity"
    assert right.slots["code_for"] is None, "what waited is done once"
    wrong = after_code_checked(verifying, {"verified": False, "tries_left": 1, "locked": False})
    assert wrong.replies == [Reply("utter_code_wrong", {"tries_left": 1})] and wrong.slots == {}
    locked = after_code_checked(verifying, {"verified": False, "tries_left": 0, "locked": True})
    assert responses(locked)[0] == "utter_code_locked" and locked.slots["step"] == "q:connectivity"


def test_on_a_call_the_read_back_of_earlier_answers_waits_for_the_code() -> None:
    from actions.conversation.identity import after_code_checked

    state = at_question("social_factors", device=["smartphone"])
    skip = {"text": "skip", "keyword": "skip", "channel": "voice"}
    first_call = next_turn(state, Heard(None, 0.0, {}, **skip), OFFERED)
    assert responses(first_call) == ["utter_read_back"], "answers given in this call"
    later = next_turn(state, Heard(None, 0.0, {}, earlier_data=True, **skip), OFFERED)
    assert later.request == "send_code" and later.replies == []
    assert later.slots["step"] == "read_back" and later.slots["code_for"] == "repeat"
    by_text = next_turn(state, Heard(None, 0.0, {}, "skip", "skip", earlier_data=True), OFFERED)
    assert responses(by_text) == ["utter_read_back"], "a text goes to the number's own phone"

    verifying = FlowState(step="verify_code", language="en", consent_given=True,
                          answers=state.answers, code_for="repeat",
                          history=(*state.history, "q:social_factors", "read_back"))  # fmt: skip
    right = after_code_checked(verifying, {"verified": True, "tries_left": 2, "locked": False})
    assert responses(right) == ["utter_read_back"] and right.request is None
    locked = after_code_checked(verifying, {"verified": False, "tries_left": 0, "locked": True})
    assert locked.slots["step"] == "q:social_factors", "never back to an unproven read-back"
    assert "utter_read_back" not in responses(locked)


def test_a_call_back_brings_an_interpreter_in_the_persons_language() -> None:
    from actions.api_requests import call_back_interpreter

    assert call_back_interpreter(FlowState(language="ur")) == "ur"
    assert call_back_interpreter(FlowState(language="ur", interpreter_needed=False)) is None
    assert (
        call_back_interpreter(
            FlowState(language="en", interpreter_needed=True, interpreter_language="so")
        )
        == "so"
    )
    assert call_back_interpreter(FlowState(language="en")) is None


def test_privacy_explains_then_repeats_the_question() -> None:
    turn = next_turn(at_question("device"), heard("privacy", keyword="privacy"), OFFERED)
    assert responses(turn) == ["utter_privacy", "utter_ask_question"]
    assert turn.slots == {}


def test_a_refused_code_leaves_the_code_question() -> None:
    from actions.conversation.identity import after_code_sent

    verifying = FlowState(step="verify_code", language="en", consent_given=True,
                          history=("consent", "done"), code_for="read_held")  # fmt: skip
    refused = after_code_sent(verifying, "refused")
    assert responses(refused) == ["utter_code_refused", "utter_already_done"]
    assert refused.slots["step"] == "done" and refused.slots["code_for"] is None


def test_a_call_that_starts_mid_conversation_asks_the_question_again_without_an_apology():
    # A person who texted, then rings: the call's first webhook is "/greet". They should hear
    # where they were, not "Sorry, I didn't understand".
    state = FlowState(step=FIRST_QUESTION, language="en", consent_given=True)
    turn = next_turn(state, heard("/greet", "greet"), OFFERED)
    assert responses(turn) == ["utter_ask_question"]
    assert "fails" not in turn.slots
