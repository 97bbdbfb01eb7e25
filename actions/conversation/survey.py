"""The "I statement" surveys: which statements each asks, and how a survey step is named.

Where the person is in a survey lives in the `step` slot: `feedback:<context>:<index>`. Pure
definitions, so that both the question wording (core) and the survey's answers (feedback) use
them without importing each other.
"""

from __future__ import annotations

PREFIX = "feedback:"
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
