"""Carrying out what the representative path asks of the API, and the text to the person."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker

from actions.conversation.core import FlowState, Turn
from actions.conversation.representative import (
    ANSWER,
    END,
    READ_FOR,
    REGISTER,
    after_answer,
    after_end,
    after_read_for,
    after_register,
)
from bot.internal_api import representatives as calls
from bot.internal_api.errors import ApiRefused, ApiUnavailable
from bot.internal_api.transport import InternalApi

logger = logging.getLogger(__name__)
Handler = Callable[[Turn, Tracker, FlowState], Awaitable[Turn]]
TextPerson = Callable[[str, dict[str, Any], str], Awaitable[bool]]


class RepresentativeRequests:
    """One method per request of actions/conversation/representative.py."""

    def __init__(
        self, api: InternalApi, text_person: TextPerson, channel_of: Callable[[Tracker], str]
    ) -> None:
        self.api = api
        self.text_person = text_person  # (representative's number, details, status) -> sent
        self.channel_of = channel_of

    def handlers(self) -> dict[str, Handler]:
        """Request name → handler, for ApiRequests."""
        return {
            REGISTER: self.register, READ_FOR: self.read_for, ANSWER: self.answer, END: self.end,
        }  # fmt: skip

    async def register(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        details = dict(state.representing or {})
        try:
            recorded = await calls.register(
                self.api, tracker.sender_id, details, self.channel_of(tracker)
            )
        except ApiRefused:  # their number (e.g. the sender's own) was refused
            return after_register(state, None, refused=True)
        except ApiUnavailable as error:
            logger.warning("Could not record a representative: %s", error)
            return after_register(state, None)
        status = str(recorded.get("status"))
        # In the person's own language if they chose one with us before.
        told = {**details, "language": recorded.get("person_language") or details.get("language")}
        if not await self.text_person(tracker.sender_id, told, status):
            logger.warning("The person acted for was not texted")
        return after_register(state, status)

    async def read_for(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        try:
            result = await calls.read_for(self.api, tracker.sender_id)
        except ApiRefused:  # this number acts for nobody (any more)
            result = {"allowed": False, "reason": "ended"}
        except ApiUnavailable as error:
            logger.warning("Could not read for a representative: %s", error)
            result = None
        return after_read_for(state, result)

    async def answer(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        confirmed = turn.feedback == "yes"
        try:
            answered = await calls.answer(
                self.api, tracker.sender_id, confirmed, self.channel_of(tracker)
            )
        except ApiUnavailable as error:  # 404: nobody waits for this number's answer
            if not isinstance(error, ApiRefused):
                logger.warning("Could not record a person's answer: %s", error)
            return turn.otherwise or Turn()
        return after_answer(state, answered, confirmed)

    async def end(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        try:
            ended = await calls.end(self.api, tracker.sender_id, self.channel_of(tracker))
        except ApiUnavailable as error:
            logger.warning("Could not end representatives: %s", error)
            return after_end(state, ended=False)
        return after_end(state, ended=True, language=ended.get("language"))
