"""Moving a booking by text: MOVE BOOKING at any point, which booking, which slot, then moved."""

from __future__ import annotations

from pathlib import Path

from actions.conversation.booking import MOVED, after_list_to_move, after_move, after_move_offer
from actions.conversation.core import LIST_TO_MOVE, MOVE_BOOKING, OFFER_MOVE, FlowState, Heard, Step
from actions.conversation.router import next_turn as flow_next_turn
from actions.language.keywords import keyword_in
from api.nlg.keywords import english_keywords
from tests.actions.conversation.test_flow import FLOW, OFFERED, heard, responses

LOCALES = Path(__file__).resolve().parents[3] / "locales"
BOOKING = {"id": 7, "slot": {"id": 3, "service": "Physiotherapy", "start": "2027-03-29T09:30"}}
SLOTS = [{"id": 11}, {"id": 12}]
DONE = FlowState(step=Step.DONE, language="en", consent_given=True)


def next_turn(state: FlowState, message: Heard):
    return flow_next_turn(state, message, OFFERED, FLOW)


def test_move_booking_and_change_booking_are_keywords_not_change_or_cancel() -> None:
    assert keyword_in("MOVE BOOKING", "en", LOCALES, english_keywords()) == "move"
    assert keyword_in("change booking", "en", LOCALES, english_keywords()) == "move"
    assert keyword_in("CHANGE", "en", LOCALES, english_keywords()) == "change"
    assert keyword_in("CANCEL BOOKING", "en", LOCALES, english_keywords()) == "cancel"


def test_move_asks_the_api_for_bookings_at_any_step_even_if_nlu_says_cancel() -> None:
    said = heard("move booking", "cancel_booking", keyword="move")
    assert next_turn(DONE, said).request == LIST_TO_MOVE
    asking = FlowState(step="q:device", language="en", consent_given=True)
    assert next_turn(asking, said).request == LIST_TO_MOVE
    assert next_turn(FlowState(step=Step.CONSENT), said).request is None, "nothing before consent"


def test_no_upcoming_booking_says_so_clearly() -> None:
    turn = after_list_to_move(DONE, [])
    assert responses(turn) == ["utter_no_bookings"] and turn.request is None


def test_one_booking_goes_straight_to_the_slots_several_ask_which() -> None:
    one = after_list_to_move(DONE, [BOOKING])
    assert one.request == OFFER_MOVE and one.slots["bookings"] == [BOOKING]
    several = after_list_to_move(DONE, [BOOKING, {**BOOKING, "id": 8}])
    assert several.slots["step"] == Step.CHOOSE_MOVE
    assert responses(several) == ["utter_choose_booking"]
    state = FlowState(step=Step.CHOOSE_MOVE, consent_given=True, bookings=(BOOKING,))
    chosen = next_turn(
        state, heard('/choose_booking{"booking":"7"}', "choose_booking", booking="7")
    )
    assert chosen.request == OFFER_MOVE and chosen.slots["bookings"] == [BOOKING]


def test_offer_then_choose_a_new_slot_then_moved() -> None:
    offered = after_move_offer(DONE, BOOKING, SLOTS)
    assert offered.slots["step"] == Step.CHOOSE_NEW_SLOT
    assert responses(offered) == ["utter_offer_slots"]
    state = DONE.updated(offered.slots)
    pick = next_turn(state, heard('/choose_slot{"slot":"12"}', "choose_slot", slot="12"))
    assert pick.request == MOVE_BOOKING and pick.chosen_slot == 12
    assert next_turn(state, heard("99", "choose_slot", slot="99")).request is None
    kept = next_turn(state, heard("/deny", "deny"))
    assert responses(kept) == ["utter_booking_kept"] and kept.slots["step"] == Step.DONE

    moved = after_move(state, MOVED, {"id": 9, "slot": {"id": 12}})
    assert responses(moved) == ["utter_moved"] and moved.slots["step"] == Step.DONE


def test_new_slot_just_taken_keeps_the_old_booking_and_offers_again() -> None:
    state = DONE.updated(after_move_offer(DONE, BOOKING, SLOTS).slots)
    gone = after_move(state, "slot_gone", None)
    assert responses(gone) == ["utter_slot_gone"]
    assert gone.request == OFFER_MOVE and gone.slots["bookings"] == [BOOKING]


def test_nothing_else_fits_and_the_booking_stays() -> None:
    turn = after_move_offer(DONE, BOOKING, [])
    assert responses(turn) == ["utter_no_other_slots"] and turn.slots["step"] == Step.DONE
