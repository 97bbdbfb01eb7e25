"""`action_flow`: runs after every message and answers it from the flow in actions/flow.py."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.clients.frontdoor_api import (
    ApiConflict,
    ApiUnavailable,
    AssessmentAnswers,
    FrontDoorApi,
)
from actions.detect import LanguageGuesser
from actions.flow import (
    BOOK,
    BOOKED,
    CALLBACK,
    CHECK_IN_ANSWER,
    ERASE,
    OFFER_SLOTS,
    READ_HELD,
    SAVE,
    SLOT_GONE,
    FlowState,
    Heard,
    Reply,
    Turn,
    after_booking,
    after_callback,
    after_check_in,
    after_erase,
    after_offer,
    after_read_held,
    after_save,
    next_turn,
)
from actions.flow_definition import FlowDefinition
from actions.keywords import flow_translator, keyword_in
from actions.languages import OfferedLanguages
from actions.settings import ActionSettings

logger = logging.getLogger(__name__)

CHANNEL_LABELS = {"twilio_sms": "sms", "twilio_whatsapp": "whatsapp", "twilio_voice": "voice"}


def channel_of(tracker: Tracker) -> str:
    """sms, whatsapp or voice: the channel of the latest message."""
    return CHANNEL_LABELS.get(tracker.get_latest_input_channel() or "", "sms")


def heard_from(
    tracker: Tracker, keyword: str | None = None, language_guess: str | None = None
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
    return Heard(
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        entities=entities,
        text=message.get("text") or "",
        keyword=keyword,
        language_guess=language_guess,
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
    )


class ActionFlow(Action):
    """Decides and says the next step of the conversation, saving answers through the API."""

    def __init__(self) -> None:
        self._settings = ActionSettings.from_env()
        self._api = FrontDoorApi(
            self._settings.api_url,
            self._settings.service_token,
            self._settings.api_timeout_seconds,
        )
        self._offered = OfferedLanguages.from_file(self._settings.languages_file)
        self._flow: FlowDefinition | None = None
        self._guesser = LanguageGuesser(self._offered.codes)

    def name(self) -> str:
        return "action_flow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = state_from(tracker)
        flow = await self._current_flow()
        if flow is None:
            say(dispatcher, Reply("utter_default"), state.language or "en")
            return []
        language = state.language or "en"
        text = (tracker.latest_message or {}).get("text") or ""
        keyword = keyword_in(text, language, self._settings.locales_dir)
        flow = flow.named(flow_translator(language, self._settings.locales_dir))
        guess = (
            self._guesser.guess(text) if state.step is None and not text.startswith("/") else None
        )
        turn = next_turn(state, heard_from(tracker, keyword, guess), self._offered.codes, flow)
        turn = await self._carry_out(turn, tracker, state)
        if turn.request:  # e.g. the slot was just taken: say so, then offer again
            said_first = turn.replies
            turn = await self._carry_out(turn, tracker, state)
            turn.replies[:0] = said_first
        language = turn.slots.get("language") or state.language or "en"
        for reply in turn.replies:
            say(dispatcher, reply, language)
        return [SlotSet(name, value) for name, value in turn.slots.items()]

    async def _carry_out(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        """Do what the turn asks of the API, and return the turn that reports its outcome."""
        if turn.request == SAVE:
            return await self._save(tracker, state)
        if turn.request == READ_HELD:
            try:
                held = await self._api.held_data(tracker.sender_id)
            except ApiUnavailable as error:
                logger.warning("Could not read what is held: %s", error)
                held = None
            return after_read_held(state, held)
        if turn.request == OFFER_SLOTS:
            try:
                slots = await self._api.offer_slots(tracker.sender_id)
            except ApiUnavailable as error:
                logger.warning("Could not fetch slots: %s", error)
                slots = None
            return after_offer(state, slots)
        if turn.request == CHECK_IN_ANSWER and turn.check_in is not None:
            try:
                await self._api.record_check_in(
                    tracker.sender_id, turn.check_in, channel_of(tracker), state.language or "en"
                )
            except ApiUnavailable as error:
                logger.warning("Could not record a check-in: %s", error)
                return after_check_in(state, turn.check_in, recorded=False)
            return after_check_in(state, turn.check_in, recorded=True)
        if turn.request == BOOK and turn.chosen_slot is not None:
            return await self._book(tracker, state, turn.chosen_slot)
        if turn.request == CALLBACK:
            return await self._request_callback(tracker, state)
        if turn.request == ERASE:
            try:
                await self._api.erase(tracker.sender_id)
            except ApiUnavailable as error:
                logger.warning("Could not erase: %s", error)
                return after_erase(state, erased=False)
            return after_erase(state, erased=True)
        return turn

    async def _book(self, tracker: Tracker, state: FlowState, slot_id: int) -> Turn:
        try:
            booking = await self._api.book(tracker.sender_id, slot_id, channel_of(tracker))
        except ApiConflict:
            return after_booking(state, SLOT_GONE, None)
        except (ApiUnavailable, KeyError) as error:
            logger.warning("Could not book: %s", error)
            return after_booking(state, None, None)
        return after_booking(state, BOOKED, booking)

    async def _request_callback(self, tracker: Tracker, state: FlowState) -> Turn:
        interpreter = state.interpreter_language if state.interpreter_needed else None
        try:
            due_at = await self._api.request_callback(
                tracker.sender_id, state.language or "en", interpreter, channel_of(tracker)
            )
        except (ApiUnavailable, KeyError) as error:
            logger.warning("Could not queue a call-back: %s", error)
            return after_callback(state, None)
        return after_callback(state, due_at)

    async def _current_flow(self) -> FlowDefinition | None:
        """The flow the API serves now; the last one seen if the API can't be reached."""
        try:
            self._flow = FlowDefinition.from_api(await self._api.current_flow())
        except (ApiUnavailable, KeyError, TypeError) as error:
            logger.warning("Could not fetch the flow, using the last one seen: %s", error)
        return self._flow

    async def _save(self, tracker: Tracker, state: FlowState) -> Turn:
        answers = AssessmentAnswers(
            phone=tracker.sender_id,
            language=state.language or "en",
            channel=channel_of(tracker),
            consent_granted=bool(state.consent_given),
            interpreter_needed=state.interpreter_needed,
            interpreter_language=state.interpreter_language,
            answers=state.answers,
        )
        try:
            person_id = await self._api.save_assessment(answers)
        except ApiUnavailable as error:
            logger.warning("Could not save answers: %s", error)
            return after_save(state, saved=False)
        turn = after_save(state, saved=True)
        turn.slots["person_id"] = person_id
        return turn


def say(dispatcher: CollectingDispatcher, reply: Reply, language: str) -> None:
    """Ask the NLG endpoint for `reply` in `language`.

    The language travels as an argument because Rasa renders these replies with the tracker as
    it was before this action's slot events are applied.
    """
    dispatcher.utter_message(response=reply.response, **{"language": language, **reply.arguments})
