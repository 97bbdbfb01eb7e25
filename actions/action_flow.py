"""`action_flow`: runs after every message and answers it from the flow in

actions/conversation/router.py."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.api_requests import ApiRequests, channel_of
from actions.conversation.core import FlowState, Heard, Reply
from actions.conversation.definition import FlowDefinition
from actions.conversation.identity_proof import held_before_call, is_proven, latest_call_sid
from actions.conversation.router import next_turn
from actions.language.detect import LanguageGuesser
from actions.language.keywords import flow_translator, keyword_in
from actions.language.names import OfferedLanguages
from actions.language.numbered import numbered_in
from actions.measures import (
    FIRST_CONTACT,
    UNDETERMINED,
    is_first_feedback,
    reached,
    seconds_since_start,
)
from actions.representative_text import PersonTexter
from actions.settings import ActionSettings
from actions.sms_code import CodeTexter
from bot.internal_api.conversation import FrontDoorApi
from bot.internal_api.errors import ApiUnavailable
from bot.internal_api.measures import record_step

logger = logging.getLogger(__name__)
# Requests an outcome may lead to (a right code → list bookings → offer the slots to move to).
FOLLOW_UPS = 2
MESSAGE_FIELDS = {"text", "buttons", "image", "json_message", "response", "attachment", "elements"}


def heard_from(
    tracker: Tracker,
    keyword: str | None = None,
    language_guess: str | None = None,
    numbered: tuple[str, int] | None = None,
) -> Heard:
    """The latest user message as the flow needs it."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    if intent.get("name") == "nlu_fallback":
        # Below the fallback threshold: the flow still weighs the best guess by its confidence.
        ranking = [
            i for i in message.get("intent_ranking") or [] if i.get("name") != "nlu_fallback"
        ]
        intent = ranking[0] if ranking else intent
    entities = {
        str(entity.get("entity")): str(entity.get("value"))
        for entity in message.get("entities") or []
        if entity.get("value") is not None
    }
    channel = channel_of(tracker)
    call_sid = latest_call_sid(tracker) if channel == "voice" else None
    return Heard(
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        text=message.get("text") or "",
        keyword=keyword,
        language_guess=language_guess,
        channel=channel,
        proven=is_proven(tracker.get_slot("identity_proof"), channel, call_sid),
        earlier_data=channel == "voice" and held_before_call(tracker, call_sid),
        numbered=numbered,
    )


def state_from(tracker: Tracker) -> FlowState:
    """The answers held in the tracker's slots."""
    answers = tracker.get_slot("answers")
    history = tracker.get_slot("history")
    return FlowState(
        step=tracker.get_slot("step"),
        language=tracker.get_slot("language"),
        consent_given=tracker.get_slot("consent_given"),
        interpreter_needed=tracker.get_slot("interpreter_needed"),
        interpreter_language=tracker.get_slot("interpreter_language"),
        answers=dict(answers) if isinstance(answers, dict) else {},
        history=tuple(history) if isinstance(history, list) else (),
        fails=int(tracker.get_slot("fails") or 0),
        changing=tracker.get_slot("changing"),
        guessed_language=tracker.get_slot("guessed_language"),
        offered_slots=tuple(tracker.get_slot("offered_slots") or ()),
        bookings=tuple(tracker.get_slot("bookings") or ()),
        code_for=tracker.get_slot("code_for"),
        organisations=tuple(tracker.get_slot("organisations") or ()),
        provider_need=tracker.get_slot("provider_need"),
        representing=tracker.get_slot("representing"),
    )


class ActionFlow(Action):
    """Decides and says the next step of the conversation, saving answers through the API."""

    def __init__(self) -> None:
        self._settings = ActionSettings.from_env()
        self._api = FrontDoorApi.from_settings(self._settings.api)
        self._offered = OfferedLanguages.from_file(self._settings.languages_file)
        self._flow: FlowDefinition | None = None
        self._flow_etag: str | None = None
        self._guesser = LanguageGuesser(self._offered.codes)
        self._requests = ApiRequests(
            self._api,
            CodeTexter(self._settings.locales_dir),
            PersonTexter(self._settings.locales_dir),
        )

    def name(self) -> str:
        return "action_flow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = state_from(tracker)
        flow = await self._current_flow()
        if flow is None:
            await self._say(dispatcher, tracker, [Reply("utter_default")], state.language or "en")
            return []
        language = state.language or "en"
        text = (tracker.latest_message or {}).get("text") or ""
        keyword = keyword_in(text, language, self._settings.locales_dir, flow.keywords)
        guess = (
            self._guesser.guess(text) if state.step is None and not text.startswith("/") else None
        )
        if keyword is None and guess:  # a first message, e.g. REMOVE HELPER from a text we sent
            keyword = keyword_in(text, guess, self._settings.locales_dir, flow.keywords)
        flow = flow.named(flow_translator(language, self._settings.locales_dir))
        numbered = numbered_in(text, language, self._settings.locales_dir)
        heard = heard_from(tracker, keyword, guess, numbered)
        turn = next_turn(state, heard, self._offered.codes, flow)
        first_feedback = is_first_feedback(state.step, turn.feedback is not None)
        turn = await self._requests.carry_out(turn, tracker, state)
        for _ in range(FOLLOW_UPS):  # e.g. the slot was just taken: say so, then offer again
            if not turn.request:
                break
            first = turn
            turn = await self._requests.carry_out(turn, tracker, state.updated(first.slots))
            if turn is first:  # nothing more could be done
                break
            turn.replies[:0] = first.replies
            turn.slots = {**first.slots, **turn.slots}
        language = turn.slots.get("language") or state.language or "en"
        await self._say(dispatcher, tracker, turn.replies, language)
        steps = reached(state, state.updated(turn.slots), flow, turn.replies, first_feedback)
        await self._count(tracker, steps, language)
        return [SlotSet(name, value) for name, value in turn.slots.items()]

    async def _count(self, tracker: Tracker, steps: list[str], language: str) -> None:
        """Send the journey's steps this turn reached; the measures never hold up a reply."""
        seconds = seconds_since_start(tracker)
        for step in steps:
            spoken = UNDETERMINED if step == FIRST_CONTACT else language  # not known yet
            try:
                await record_step(self._api, step, spoken, channel_of(tracker), seconds)
            except ApiUnavailable as error:
                logger.warning("Could not record a measures step: %s", error)
                return

    async def _say(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        replies: list[Reply],
        language: str,
    ) -> None:
        """Hand Rasa the turn's replies already rendered (one API call), else by name for its NLG.

        The language travels as an argument because the slots sent are the tracker's as it was
        before this action's slot events are applied (what Rasa's NLG call would have sent).
        """
        if not replies:
            return
        named = [{"response": r.response, "arguments": {"language": language, **r.arguments}}
                 for r in replies]  # fmt: skip
        try:
            rendered = await self._api.render(
                named, tracker.current_slot_values(), tracker.get_latest_input_channel()
            )
        except ApiUnavailable as error:
            logger.warning("Could not render the replies, leaving them to Rasa's NLG: %s", error)
            for reply in named:
                dispatcher.utter_message(response=reply["response"], **reply["arguments"])
            return
        for reply, message in zip(named, rendered, strict=True):
            # The arguments stay on the message as Rasa's NLG path kept them (its metadata).
            arguments = {k: v for k, v in reply["arguments"].items() if k not in MESSAGE_FIELDS}
            dispatcher.utter_message(
                text=message.get("text"),
                buttons=message.get("buttons") or [],
                utter_action=reply["response"],
                **arguments,
            )

    async def close(self) -> None:
        """Close the API connections kept alive between turns."""
        await self._api.close()

    async def _current_flow(self) -> FlowDefinition | None:
        """The flow the API serves now; the last one seen if it is unchanged or the API is down."""
        try:
            etag, body = await self._api.current_flow(self._flow_etag if self._flow else None)
            if body is not None:
                self._flow = FlowDefinition.from_api(body)
                self._flow_etag = etag
        except (ApiUnavailable, KeyError, TypeError) as error:
            logger.warning("Could not fetch the flow, using the last one seen: %s", error)
        return self._flow
