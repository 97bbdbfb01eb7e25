"""Carrying out the asking about, and the answer to, a need a provider recorded (the turns are in
actions/conversation/provider_needs.py)."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker

from actions.conversation.core import FlowState, Turn
from actions.conversation.provider_needs import (
    ACCEPT_PROVIDER_NEED,
    after_decision,
    after_fetch,
)
from bot.internal_api.conversation import FrontDoorApi
from bot.internal_api.errors import ApiUnavailable

logger = logging.getLogger(__name__)


async def ask(api: FrontDoorApi, tracker: Tracker, state: FlowState) -> Turn:
    try:
        need = await api.provider_need_asking(tracker.sender_id)
    except ApiUnavailable as error:
        logger.warning("Could not fetch a provider's need: %s", error)
        return Turn()  # the person wasn't asked anything: say nothing
    return after_fetch(state, need)


async def decide(
    api: FrontDoorApi, turn: Turn, tracker: Tracker, state: FlowState, channel: str
) -> Turn:
    accept = turn.request == ACCEPT_PROVIDER_NEED
    need_id = (state.provider_need or {}).get("id")
    if not isinstance(need_id, int):
        return after_decision(state, decided=False, accept=accept)
    try:
        await api.decide_provider_need(need_id, tracker.sender_id, accept, channel)
    except ApiUnavailable as error:
        logger.warning("Could not record the answer to a provider's need: %s", error)
        return after_decision(state, decided=False, accept=accept)
    return after_decision(state, decided=True, accept=accept)
