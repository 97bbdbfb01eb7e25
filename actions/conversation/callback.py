"""CALL ME: a person from the service rings back (with an interpreter if needed)."""

from __future__ import annotations

from actions.conversation.core import (
    FlowState,
    Reply,
    Step,
    Turn,
    question_for,
)


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
