"""Proof of identity before reading held data out or erasing it: a code texted to the number.

Caller ID and SMS senders can be spoofed (docs/data-protection.md, "Proof of identity"):
- on every channel, DELETE erases only after the code is given back;
- on a call, anything said out loud from the records (MY DATA, the bookings) needs the code, and so
  does the read-back when the conversation held answers before this call (CHANGE after saving,
  or an assessment begun by text). An SMS or WhatsApp reply goes to the number's own phone, so
  reading back there needs no code.
The turn that needed proof is kept (`code_for`) and done once the right code comes back; the
action server remembers the proof for a while (actions/conversation/identity_proof.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    CHECK_CODE,
    ERASE,
    LIST_BOOKINGS,
    LIST_TO_MOVE,
    NUMBERS,
    READ_HELD,
    SEND_CODE,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
)
from actions.conversation.representative import READ_FOR
from actions.conversation.who_sees import (
    ALLOW_ORGANISATION,
    STOP_ORGANISATION,
    WHO_READ,
    WHO_SEES,
)

VOICE = "voice"
REPEAT = "repeat"  # once proven: say the current step's question (the read-back) after all
IRREVERSIBLE = frozenset({ERASE})
READ_OUT = frozenset(
    {READ_HELD, LIST_BOOKINGS, LIST_TO_MOVE, WHO_SEES, WHO_READ, STOP_ORGANISATION,
     ALLOW_ORGANISATION, READ_FOR}
)  # fmt: skip
# Replies that say held data: on a call, never before the code when data predates the call.
DISCLOSING = frozenset(
    {
        "utter_read_back",
        "utter_my_data",
        "utter_choose_booking",
        "utter_confirm_cancel",
        "utter_provider_need",
        "utter_who_sees",
        "utter_who_read",
        "utter_their_data",
    }
)
SENT, NOT_SENT, REFUSED = "sent", "not_sent", "refused"


def needs_proof(heard: Heard, turn: Turn) -> str | None:
    """What the turn would do that needs the code first (a request, or REPEAT), if anything."""
    if heard.proven or turn.request in (SEND_CODE, CHECK_CODE):
        return None
    if turn.request in IRREVERSIBLE:
        return turn.request
    if heard.channel != VOICE:
        return None
    if turn.request in READ_OUT:
        return turn.request
    said = {reply.response for reply in turn.replies}
    if said & DISCLOSING and (heard.earlier_data or said - {"utter_read_back"}):
        return REPEAT
    return None


def guarded(heard: Heard, turn: Turn) -> Turn:
    """The turn itself, or a code texted first with the turn kept for when the code is right.

    The turn's slot updates stand (answers just given are kept); only what it would say or do
    waits.
    """
    pending = needs_proof(heard, turn)
    if pending is None:
        return turn
    if turn.number is not None:  # STOP 2 waits as "stop_organisation:2"
        pending = f"{pending}:{turn.number}"
    return Turn(request=SEND_CODE, slots={**turn.slots, "code_for": pending})


def on_verify_code(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    digits = "".join(NUMBERS.findall(heard.text))
    if len(digits) != 6:
        return ask_again(state)
    return Turn(request=CHECK_CODE, code=digits)


def after_code_sent(state: FlowState, outcome: str) -> Turn:
    """Ask for the code we texted, or say kindly why we can't go on (and stay where we were)."""
    if outcome == SENT:
        return go_to(state, Step.VERIFY_CODE)
    reply = "utter_code_refused" if outcome == REFUSED else "utter_code_not_sent"
    return _retreat(state, state.step, state.history, Reply(reply))


def after_code_checked(state: FlowState, result: dict[str, Any] | None) -> Turn:
    """Right code: do what needed it. Wrong: try again, or locked for a while."""
    if result is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    previous = state.history[-1] if state.history else Step.DONE
    if result.get("verified"):
        back = {"step": previous, "history": list(state.history[:-1]), "code_for": None}
        if state.code_for == REPEAT:
            return Turn(slots=back, replies=[question_for(replace(state, step=previous))])
        request, _, number = (state.code_for or READ_HELD).partition(":")
        return Turn(request=request, slots=back, number=int(number) if number.isdigit() else None)
    if result.get("locked"):
        return _retreat(state, previous, state.history[:-1], Reply("utter_code_locked"))
    return Turn(replies=[Reply("utter_code_wrong", {"tries_left": result.get("tries_left", 0)})])


def _retreat(state: FlowState, step: str | None, history: tuple[str, ...], why: Reply) -> Turn:
    """Say why, then back to `step`, but never to the code question again nor to a read-back
    not proven (the step before either)."""
    for waiting in (Step.VERIFY_CODE, Step.READ_BACK):
        if step == waiting and history:
            step, history = history[-1], history[:-1]
    slots = {"step": step, "history": list(history), "code_for": None, "fails": 0}
    return Turn(slots=slots, replies=[why, question_for(replace(state, step=step))])
