"""Carrying out WHO SEES, STOP n / ALLOW n and WHO READ against the API (the turns themselves are
in actions/conversation/who_sees.py)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions.conversation.core import FlowState, Turn
from actions.conversation.who_sees import (
    STOP_ORGANISATION,
    after_change,
    after_who_read,
    after_who_sees,
    chosen,
    not_in_list,
)
from bot.internal_api.conversation import FrontDoorApi
from bot.internal_api.errors import ApiUnavailable

logger = logging.getLogger(__name__)


async def who_sees(api: FrontDoorApi, tracker: Tracker, state: FlowState) -> Turn:
    try:
        seers = await api.who_sees(tracker.sender_id)
    except ApiUnavailable as error:
        logger.warning("Could not list who sees: %s", error)
        return after_who_sees(state, None)
    return after_who_sees(state, seers)


async def who_read(api: FrontDoorApi, tracker: Tracker, state: FlowState) -> Turn:
    try:
        readers = await api.who_read(tracker.sender_id)
    except ApiUnavailable as error:
        logger.warning("Could not list who read: %s", error)
        return after_who_read(state, None)
    return after_who_read(state, readers)


async def change(
    api: FrontDoorApi, turn: Turn, tracker: Tracker, state: FlowState, channel: str
) -> Turn:
    """STOP n / ALLOW n on the list last shown (fetched now if none was)."""
    stop = turn.request == STOP_ORGANISATION
    seers: list[dict[str, Any]] = list(state.organisations)
    try:
        if not seers:
            seers = await api.who_sees(tracker.sender_id)
        seer = chosen(seers, turn.number)
        if seer is None or turn.number is None:
            return not_in_list(state, seers)
        changed = await api.change_seer(tracker.sender_id, str(seer["ods_code"]), stop, channel)
    except ApiUnavailable as error:
        logger.warning("Could not change who sees: %s", error)
        return after_change(state, seers, turn.number or 0, None, stop)
    return after_change(state, seers, turn.number, changed, stop)
