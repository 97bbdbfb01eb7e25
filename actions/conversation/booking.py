"""Booking, in one place: BOOK offers slots that fit the person's needs and books the one chosen;
CANCEL BOOKING and MOVE BOOKING list the person's bookings, then cancel or move the one chosen.

MOVE BOOKING (or CHANGE BOOKING) works at any point once consent is given. The old slot is freed
only when the new one is taken: if the new slot was just taken, the old booking stands and the
other slots are offered again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    BOOK,
    CANCEL_BOOKING,
    MOVE_BOOKING,
    OFFER_MOVE,
    OFFER_SLOTS,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
    yes_or_no,
)

MOVED = "moved"


def after_list_to_move(state: FlowState, bookings: list[dict[str, Any]] | None) -> Turn:
    """One upcoming booking: straight to the slots it could move to. Several: which one?"""
    if bookings is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    if not bookings:  # e.g. a reply to a reminder after the appointment has passed
        return Turn(replies=[Reply("utter_no_bookings")])
    if len(bookings) == 1:
        return Turn(request=OFFER_MOVE, slots={"bookings": bookings})
    return go_to(replace(state, bookings=tuple(bookings)), Step.CHOOSE_MOVE,
                 {"bookings": bookings})  # fmt: skip


def on_choose_move(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    chosen = [b for b in state.bookings if str(b.get("id")) == heard.entities.get("booking")]
    if heard.intent == "deny" or heard.keyword == "skip":
        return leave(state, "utter_booking_kept")
    if not chosen:
        return ask_again(state)
    return Turn(request=OFFER_MOVE, slots={"bookings": chosen})


def after_move_offer(
    state: FlowState, booking: dict[str, Any] | None, slots: list[dict[str, Any]] | None
) -> Turn:
    """The slots the booking could move to (its own slot is taken, so never among them)."""
    if booking is None or slots is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    if not slots:
        return leave(state, "utter_no_other_slots")
    moving = replace(state, bookings=(booking,), offered_slots=tuple(slots))
    return go_to(moving, Step.CHOOSE_NEW_SLOT, {"bookings": [booking], "offered_slots": slots})


def on_choose_new_slot(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    ids = [int(slot["id"]) for slot in state.offered_slots]
    chosen = heard.entities.get("slot")
    if heard.intent == "deny" or heard.keyword == "skip":
        return leave(state, "utter_booking_kept")
    if chosen is not None and chosen.isdigit() and int(chosen) in ids and state.bookings:
        return Turn(request=MOVE_BOOKING, chosen_slot=int(chosen))
    return ask_again(state)


def after_move(state: FlowState, outcome: str | None, booking: dict[str, Any] | None) -> Turn:
    """Say the new time; if the new slot was just taken, the old booking stands: offer again."""
    if outcome == MOVED and booking is not None:
        return leave(state, "utter_moved", booking=booking)
    if outcome == "slot_gone" and state.bookings:
        return Turn(
            request=OFFER_MOVE,
            slots={"bookings": list(state.bookings)},
            replies=[Reply("utter_slot_gone")],
        )
    return Turn(replies=[Reply("utter_default"), question_for(state)])


def leave(state: FlowState, reply: str, **arguments: Any) -> Turn:
    """Back to the end of the conversation, forgetting the bookings and slots on offer."""
    slots = {"step": Step.DONE, "bookings": None, "offered_slots": None, "fails": 0}
    return Turn(slots=slots, replies=[Reply(reply, arguments)])


def after_offer(state: FlowState, slots: list[dict[str, Any]] | None) -> Turn:
    """Offer the slots that fit the person's needs, or say there are none right now."""
    if slots is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    if not slots:
        return Turn(replies=[Reply("utter_no_slots")])
    updates = {"offered_slots": slots}
    return go_to(replace(state, offered_slots=tuple(slots)), Step.CHOOSE_SLOT, updates)


def on_choose_slot(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    ids = [int(slot["id"]) for slot in state.offered_slots]
    chosen = heard.entities.get("slot")
    if heard.intent == "deny" or heard.keyword == "skip":
        return _leave_slots(state, "utter_no_slot_chosen")
    if chosen is not None and chosen.isdigit() and int(chosen) in ids:
        return Turn(request=BOOK, chosen_slot=int(chosen))
    return ask_again(state)


def _leave_slots(state: FlowState, reply: str) -> Turn:
    slots = {"step": Step.DONE, "offered_slots": None, "fails": 0}
    return Turn(slots=slots, replies=[Reply(reply)])


BOOKED, SLOT_GONE = "booked", "slot_gone"


def after_booking(state: FlowState, outcome: str | None, booking: dict[str, Any] | None) -> Turn:
    """Confirm the booking; if the slot was just taken, say so kindly and offer again."""
    if outcome == BOOKED and booking is not None:
        turn = _leave_slots(state, "utter_booked")
        turn.replies[0] = Reply(
            "utter_booked",
            {
                "slot": booking.get("slot"),
                "interpreter_to_book": booking.get("interpreter_to_book"),
            },
        )
        return turn
    if outcome == SLOT_GONE:
        return Turn(request=OFFER_SLOTS, replies=[Reply("utter_slot_gone")])
    return Turn(replies=[Reply("utter_default"), question_for(state)])


def after_list_bookings(state: FlowState, bookings: list[dict[str, Any]] | None) -> Turn:
    """Which booking to cancel: straight to 'are you sure?' when there is only one."""
    if bookings is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    if not bookings:
        return Turn(replies=[Reply("utter_no_bookings")])
    if len(bookings) == 1:
        return go_to(replace(state, bookings=tuple(bookings)), Step.CONFIRM_CANCEL,
                     {"bookings": bookings})  # fmt: skip
    return go_to(replace(state, bookings=tuple(bookings)), Step.CHOOSE_BOOKING,
                 {"bookings": bookings})  # fmt: skip


def on_choose_booking(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    chosen = [b for b in state.bookings if str(b.get("id")) == heard.entities.get("booking")]
    if heard.intent == "deny":
        return _leave_bookings(state, "utter_booking_kept")
    if not chosen:
        return ask_again(state)
    return go_to(replace(state, bookings=tuple(chosen)), Step.CONFIRM_CANCEL, {"bookings": chosen})


def on_confirm_cancel(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None or not state.bookings:
        return ask_again(state)
    if not answer:
        return _leave_bookings(state, "utter_booking_kept")
    return Turn(request=CANCEL_BOOKING, chosen_slot=int(state.bookings[0]["id"]))


def _leave_bookings(state: FlowState, reply: str, **arguments: Any) -> Turn:
    slots = {"step": Step.DONE, "bookings": None, "fails": 0}
    return Turn(slots=slots, replies=[Reply(reply, arguments)])


def after_cancel(state: FlowState, cancelled: bool) -> Turn:
    """Say the booking is cancelled (its slot is free again for someone else)."""
    if not cancelled:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    booking = state.bookings[0] if state.bookings else {}
    return _leave_bookings(state, "utter_cancelled", booking=booking)
