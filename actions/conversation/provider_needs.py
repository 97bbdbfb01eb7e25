"""Needs a provider recorded: the person is asked (the scheduler starts that turn by SMS), accepts
or rejects, and returns to where they were. Nothing the person said is changed unless they say yes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
    yes_or_no,
)

DUE_INTENT = "provider_need_due"  # sent by the scheduler, not typed by the person
ASK_PROVIDER_NEED = "ask_provider_need"
ACCEPT_PROVIDER_NEED, REJECT_PROVIDER_NEED = "accept_provider_need", "reject_provider_need"


def on_due(heard: Heard) -> Turn | None:
    """The scheduler's trigger: fetch the need to ask about."""
    return Turn(request=ASK_PROVIDER_NEED) if heard.intent == DUE_INTENT else None


def after_fetch(state: FlowState, need: dict[str, Any] | None) -> Turn:
    """Ask about the need (keeping where they were for afterwards); nothing to ask: say nothing."""
    if not need:
        return Turn()
    if state.step == Step.CONFIRM_PROVIDER_NEED:  # asked again: the newer need replaces it
        return Turn(
            slots={"provider_need": need}, replies=[Reply("utter_provider_need", {"need": need})]
        )
    return go_to(state, Step.CONFIRM_PROVIDER_NEED, {"provider_need": need})


def on_confirm(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    return Turn(request=ACCEPT_PROVIDER_NEED if answer else REJECT_PROVIDER_NEED)


def after_decision(state: FlowState, decided: bool, accept: bool) -> Turn:
    """Thank them; then back to where they were (the question again, if one waits)."""
    if not decided:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    need = state.provider_need or {}
    if accept:
        reply = Reply("utter_provider_need_accepted")
    else:
        reply = Reply("utter_provider_need_rejected", {"organisation": need.get("organisation")})
    previous = state.history[-1] if state.history else Step.DONE
    slots = {
        "step": previous,
        "history": list(state.history[:-1]),
        "fails": 0,
        "provider_need": None,
    }
    replies = [reply]
    if previous not in (Step.DONE, Step.DECLINED, Step.LANGUAGE):
        replies.append(question_for(replace(state, step=previous)))
    return Turn(slots=slots, replies=replies)
