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
    yes_or_no,
)

PREFIX = "feedback:"
ANSWERS = ("yes", "partly", "no")
# Statement ids of api/feedback/service.py, three per survey so it stays short.
SURVEYS = {
    "booking": ("own_language", "needs_met", "respect"),
    "assessment": ("listened", "own_language", "understood"),
}


def feedback_step(context: str, index: int) -> str:
    return f"{PREFIX}{context}:{index}"


def position(step: str | None) -> tuple[str, int] | None:
    """(context, index) of a survey step, or None if the step is not one."""
    if not step or not step.startswith(PREFIX):
        return None
    context, _, index = step.removeprefix(PREFIX).partition(":")
    if context not in SURVEYS or not index.isdigit() or int(index) >= len(SURVEYS[context]):
        return None
    return context, int(index)


def statement_at(step: str | None) -> str | None:
    """The statement id asked at a survey step."""
    where = position(step)
    return SURVEYS[where[0]][where[1]] if where else None


def feedback_question(step: str) -> Reply:
    """The question of a survey step (the first one says what it is and how to stop)."""
    where = position(step)
    index = where[1] if where else 0
    return Reply(
        "utter_feedback_question", {"statement_id": statement_at(step), "first": index == 0}
    )


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
