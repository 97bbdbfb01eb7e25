"""A short optional survey of "I statements" after a booking (or from the menu after the
assessment): Yes, Partly or No to each, by number, keypad or words; SKIP stops it.

Where the person is in the survey lives in the `step` slot: `feedback:<context>:<index>`.
Anything that is not an answer ends the survey quietly and is answered as after the assessment.
"""

from __future__ import annotations

from actions.conversation.core import (
    FEEDBACK_ANSWER,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    feedback_question,
    yes_or_no,
)
from actions.conversation.survey import SURVEYS, feedback_step, position

ANSWERS = ("yes", "partly", "no")


def start_feedback(turn: Turn, context: str) -> Turn:
    """Add the survey's first question to a turn that has just finished something."""
    step = feedback_step(context, 0)
    turn.slots = {**turn.slots, "step": step, "fails": 0}
    turn.replies.append(feedback_question(step))
    return turn


def answer_in(heard: Heard) -> str | None:
    """yes, partly or no: from the menu (payload) or a plain yes or no."""
    option = heard.entities.get("option")
    if option in ANSWERS:
        return option
    said = yes_or_no(heard)
    return None if said is None else ("yes" if said else "no")


def on_feedback(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    if position(state.step) is None:
        return done(state, "utter_already_done")
    if heard.keyword == "skip" or heard.intent == "skip":
        return done(state, "utter_feedback_skipped")
    answer = answer_in(heard)
    if answer is None:  # not an answer: the survey is optional, so it simply ends
        return done(state, "utter_already_done")
    return Turn(request=FEEDBACK_ANSWER, feedback=answer)


def after_feedback(state: FlowState) -> Turn:
    """The next statement, or thanks at the end."""
    where = position(state.step)
    if where is None:
        return done(state, "utter_already_done")
    context, index = where
    if index + 1 < len(SURVEYS[context]):
        step = feedback_step(context, index + 1)
        return Turn(slots={"step": step, "fails": 0}, replies=[feedback_question(step)])
    return done(state, "utter_feedback_thanks")


def done(state: FlowState, reply: str) -> Turn:
    return Turn(slots={"step": Step.DONE, "fails": 0}, replies=[Reply(reply)])
