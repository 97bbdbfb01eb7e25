"""What a person can ask for at any time, and the outcomes the API reports back.

MY DATA, DELETE, CALL ME, booking, and the check-ins a waiting person is sent.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    BOOK,
    CANCEL_BOOKING,
    CHECK_IN_ANSWER,
    CHECK_IN_ANSWERS,
    ERASE,
    OFFER_SLOTS,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_back,
    go_to,
    question_for,
    yes_or_no,
)


def on_confirm_delete(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    return Turn(request=ERASE) if answer else go_back(state)


def after_read_held(state: FlowState, held: dict[str, Any] | None) -> Turn:
    """Read back what the API holds (or say it couldn't be read), then the current question."""
    if held is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    arguments = {
        "held": bool(held.get("held")),
        "interpreter_needed": (held.get("interpreter") or {}).get("needed"),
        "interpreter_language": (held.get("interpreter") or {}).get("language"),
        "answers": held.get("answers") or {},
    }
    return Turn(replies=[Reply("utter_my_data", arguments), question_for(state)])


ERASED_SLOTS = (
    "step", "consent_given", "interpreter_needed", "interpreter_language", "answers", "history",
    "person_id",
)  # fmt: skip


def after_erase(state: FlowState, erased: bool) -> Turn:
    """Forget everything in the conversation too once the API has erased its records."""
    if not erased:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    slots: dict[str, Any] = dict.fromkeys(ERASED_SLOTS)
    slots.update({"fails": 0, "erase_conversation": True})
    return Turn(slots=slots, replies=[Reply("utter_deleted")])


def after_callback(state: FlowState, due_at: str | None) -> Turn:
    """Tell the person when to expect the call (or that it couldn't be booked), then carry on."""
    if due_at is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    interpreter = state.interpreter_language if state.interpreter_needed else None
    told = Reply(
        "utter_callback_requested", {"due_at": due_at, "interpreter_language": interpreter}
    )
    if state.step in (None, Step.LANGUAGE, Step.DONE, Step.DECLINED):
        return Turn(replies=[told])
    return Turn(replies=[told, question_for(state)])


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


def on_check_in(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = heard.entities.get("answer")
    if answer in CHECK_IN_ANSWERS:
        return Turn(request=CHECK_IN_ANSWER, check_in=answer)
    return ask_again(state)


def after_check_in(state: FlowState, answer: str, recorded: bool) -> Turn:
    """Thank them and say what happens now; then back to where they were, if anywhere."""
    replies = [Reply(f"utter_check_in_{answer}", {"recorded": recorded})]
    previous = state.history[-1] if state.history else Step.DONE
    slots = {"step": previous, "history": list(state.history[:-1]), "fails": 0}
    if previous not in (Step.DONE, Step.DECLINED, Step.LANGUAGE):
        replies.append(question_for(replace(state, step=previous)))
    return Turn(slots=slots, replies=replies)


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
