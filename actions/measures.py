"""The journey's steps a turn reached, for the measures (docs/metrics.md, "The journey").

Pure: which steps, from the state before and after the turn. The action sends them with the
conversation's language and channel and the seconds since its first message, and nothing else
(no number, no id: the API's `measure_steps` holds no personal data).
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rasa_sdk import Tracker

from actions.conversation.core import QUESTION_PREFIX, FlowState, Reply
from actions.conversation.definition import FlowDefinition
from actions.conversation.survey import position

FIRST_CONTACT, LANGUAGE_CONFIRMED, CONSENT = "first_contact", "language_confirmed", "consent"
SAVED, BOOKED, FEEDBACK, SECTION = "saved", "booked", "feedback", "section:"
UNDETERMINED = "und"  # the language a first message is counted in: nobody knows it yet


def _section_index(step: str | None, flow: FlowDefinition) -> tuple[int, str] | None:
    """(position, id) of the section a question step belongs to."""
    if not step or not step.startswith(QUESTION_PREFIX):
        return None
    question = flow.question(step.removeprefix(QUESTION_PREFIX))
    if question is None or not question.section:
        return None
    order = list(dict.fromkeys(q.section for q in flow.questions))
    return order.index(question.section), question.section


def reached(
    before: FlowState, after: FlowState, flow: FlowDefinition, replies: Iterable[Reply],
    first_feedback: bool,
) -> list[str]:  # fmt: skip
    """The steps this turn reached, in journey order (each only when first reached)."""
    found = []
    if before.step is None and before.language is None and not before.history:
        found.append(FIRST_CONTACT)
    if after.language and not before.language:
        found.append(LANGUAGE_CONFIRMED)
    if after.consent_given is True and before.consent_given is not True:
        found.append(CONSENT)
    now, was = _section_index(after.step, flow), _section_index(before.step, flow)
    if now and not after.changing and (was is None or now[0] > was[0]):
        found.append(SECTION + now[1])  # forward into a section; BACK and CHANGE don't count
    said = {reply.response for reply in replies}
    found += [step for step, reply in ((SAVED, "utter_saved"), (BOOKED, "utter_booked"))
              if reply in said]  # fmt: skip
    if first_feedback:
        found.append(FEEDBACK)
    return found


def is_first_feedback(step: str | None, answered: bool) -> bool:
    """Whether this turn answers the survey's first statement."""
    where = position(step)
    return answered and where is not None and where[1] == 0


def seconds_since_start(tracker: Tracker, now: float | None = None) -> int:
    """Seconds since the conversation's first message (0 when unknown)."""
    stamps = [
        float(event["timestamp"])
        for event in tracker.events or []
        if event.get("event") == "user" and isinstance(event.get("timestamp"), int | float)
    ]
    return max(0, int((now or time.time()) - min(stamps))) if stamps else 0
