"""Check-ins while waiting: same, worse or I need help now, and what follows."""

from __future__ import annotations

from dataclasses import replace

from actions.conversation.core import (
    CHECK_IN_ANSWER,
    CHECK_IN_ANSWERS,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    question_for,
)


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
