"""Moving a booking: which one (if several), which new slot, then moved in one step by the API.

MOVE BOOKING (or CHANGE BOOKING) works at any point once consent is given. The old slot is freed
only when the new one is taken: if the new slot was just taken, the old booking stands and the
other slots are offered again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    MOVE_BOOKING,
    OFFER_MOVE,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
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
