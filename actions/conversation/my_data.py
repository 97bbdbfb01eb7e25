"""MY DATA and DELETE: reading back what is held, and erasing it once confirmed."""

from __future__ import annotations

from typing import Any

from actions.conversation.core import (
    ERASE,
    FlowState,
    Heard,
    Reply,
    Turn,
    ask_again,
    go_back,
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
        "observed": held.get("observed") or [],  # needs providers recorded, and the answers
    }
    return Turn(replies=[Reply("utter_my_data", arguments), question_for(state)])


ERASED_SLOTS = (
    "step", "consent_given", "interpreter_needed", "interpreter_language", "answers", "history",
    "person_id", "organisations", "provider_need",
)  # fmt: skip


def after_erase(state: FlowState, erased: bool) -> Turn:
    """Forget everything in the conversation too once the API has erased its records."""
    if not erased:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    slots: dict[str, Any] = dict.fromkeys(ERASED_SLOTS)
    slots.update({"fails": 0, "erase_conversation": True})
    return Turn(slots=slots, replies=[Reply("utter_deleted")])
