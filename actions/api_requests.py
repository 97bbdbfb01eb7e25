"""Carrying out what a turn asks of the API, and turning the outcome into the next turn."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Tracker

from actions import provider_need_requests, who_sees_requests
from actions.conversation.assessment import after_save, after_save_refused
from actions.conversation.booking import (
    BOOKED,
    MOVED,
    SLOT_GONE,
    after_booking,
    after_cancel,
    after_list_bookings,
    after_list_to_move,
    after_move,
    after_move_offer,
    after_offer,
)
from actions.conversation.callback import after_callback
from actions.conversation.check_in import after_check_in
from actions.conversation.core import (
    BOOK,
    CALLBACK,
    CANCEL_BOOKING,
    CHECK_CODE,
    CHECK_IN_ANSWER,
    ERASE,
    FEEDBACK_ANSWER,
    LIST_BOOKINGS,
    LIST_TO_MOVE,
    MOVE_BOOKING,
    OFFER_MOVE,
    OFFER_SLOTS,
    READ_HELD,
    SAVE,
    SEND_CODE,
    FlowState,
    Turn,
)
from actions.conversation.feedback import after_feedback, start_feedback
from actions.conversation.identity import (
    NOT_SENT,
    REFUSED,
    SENT,
    after_code_checked,
    after_code_sent,
)
from actions.conversation.identity_proof import latest_call_sid, proof_now
from actions.conversation.my_data import after_erase, after_read_held
from actions.conversation.provider_needs import (
    ACCEPT_PROVIDER_NEED,
    ASK_PROVIDER_NEED,
    REJECT_PROVIDER_NEED,
)
from actions.conversation.survey import position, statement_at
from actions.conversation.who_sees import (
    ALLOW_ORGANISATION,
    STOP_ORGANISATION,
    WHO_READ,
    WHO_SEES,
)
from actions.representative_requests import RepresentativeRequests, TextPerson
from bot.internal_api.assessments import AssessmentAnswers
from bot.internal_api.conversation import FrontDoorApi
from bot.internal_api.errors import ApiConflict, ApiRefused, ApiTooMany, ApiUnavailable

logger = logging.getLogger(__name__)

CHANNEL_LABELS = {"twilio_sms": "sms", "twilio_whatsapp": "whatsapp", "twilio_voice": "voice"}
FAILED = object()  # an outcome that could not be had (the API was down or refused)


def channel_of(tracker: Tracker) -> str:
    """sms, whatsapp or voice: the channel of the latest message."""
    return CHANNEL_LABELS.get(tracker.get_latest_input_channel() or "", "sms")


ENGLISH = ("en", "en@easyread")


def call_back_interpreter(state: FlowState) -> str | None:
    """The interpreter a call-back needs: the one asked for, else the conversation's language."""
    if state.interpreter_needed and state.interpreter_language:
        return state.interpreter_language
    if state.interpreter_needed is False or state.language in (None, *ENGLISH):
        return None
    return state.language


async def attempt(what: str, call: Awaitable[Any]) -> Any:
    """The call's result, or FAILED (logged, without personal data) if the API let us down."""
    try:
        return await call
    except ApiUnavailable as error:
        logger.warning("Could not %s: %s", what, error)
        return FAILED


class ApiRequests:
    """One method per request a turn can make; each returns the turn that reports the outcome."""

    def __init__(
        self,
        api: FrontDoorApi,
        text_code: Callable[[str, str, str], Awaitable[bool]],
        text_person: TextPerson | None = None,
    ) -> None:
        self.api = api
        self.text_code = text_code  # (phone, code, language) -> whether the SMS went
        self.handlers: dict[str, Callable[[Turn, Tracker, FlowState], Awaitable[Turn]]] = {
            SAVE: self.save, READ_HELD: self.read_held, ERASE: self.erase,
            CALLBACK: self.callback, OFFER_SLOTS: self.offer, BOOK: self.book,
            LIST_BOOKINGS: self.list_bookings, CANCEL_BOOKING: self.cancel,
            CHECK_IN_ANSWER: self.check_in, SEND_CODE: self.send_code, CHECK_CODE: self.check_code,
            LIST_TO_MOVE: self.list_to_move, OFFER_MOVE: self.offer_move, MOVE_BOOKING: self.move,
            FEEDBACK_ANSWER: self.feedback,
            WHO_SEES: self.who_sees, WHO_READ: self.who_read,
            STOP_ORGANISATION: self.change_seer, ALLOW_ORGANISATION: self.change_seer,
            ASK_PROVIDER_NEED: self.ask_provider_need,
            ACCEPT_PROVIDER_NEED: self.decide_provider_need,
            REJECT_PROVIDER_NEED: self.decide_provider_need,
        }  # fmt: skip
        if text_person is not None:
            acting = RepresentativeRequests(api, text_person, channel_of)
            self.handlers.update(acting.handlers())

    async def carry_out(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        """Do what the turn asks (if anything) and return the turn to reply with."""
        handler = self.handlers.get(turn.request or "")
        return await handler(turn, tracker, state) if handler else turn

    async def save(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
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
            person_id = await self.api.save_assessment(answers)
        except ApiRefused as error:
            return await self.save_refused(tracker, state, error)
        except ApiUnavailable as error:
            logger.warning("Could not save answers: %s", error)
            return after_save(state, saved=False)
        saved = after_save(state, saved=True)
        saved.slots["person_id"] = person_id
        return saved

    async def save_refused(self, tracker: Tracker, state: FlowState, error: Exception) -> Turn:
        """The API will never take these answers as they are: rather than "reply YES to try
        again" for ever, a person rings them; the answers stay in the conversation."""
        logger.warning("Answers refused by the API; asking for a call-back: %s", error)
        due_at = await attempt(
            "queue a call-back",
            self.api.request_callback(
                tracker.sender_id, state.language or "en", call_back_interpreter(state),
                channel_of(tracker),
            ),
        )  # fmt: skip
        return after_save_refused(state, None if due_at is FAILED else due_at)

    async def read_held(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        held = await attempt("read what is held", self.api.held_data(tracker.sender_id))
        return after_read_held(state, None if held is FAILED else held)

    async def erase(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        outcome = await attempt("erase", self.api.erase(tracker.sender_id))
        return after_erase(state, erased=outcome is not FAILED)

    async def callback(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        interpreter = call_back_interpreter(state)
        due_at = await attempt(
            "queue a call-back",
            self.api.request_callback(
                tracker.sender_id, state.language or "en", interpreter, channel_of(tracker)
            ),
        )
        return after_callback(state, None if due_at is FAILED else due_at)

    async def offer(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        slots = await attempt("fetch slots", self.api.offer_slots(tracker.sender_id))
        return after_offer(state, None if slots is FAILED else slots)

    async def book(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        if turn.chosen_slot is None:
            return turn
        try:
            booking = await self.api.book(tracker.sender_id, turn.chosen_slot, channel_of(tracker))
        except ApiConflict:
            return after_booking(state, SLOT_GONE, None)
        except ApiUnavailable as error:
            logger.warning("Could not book: %s", error)
            return after_booking(state, None, None)
        return start_feedback(after_booking(state, BOOKED, booking), "booking")

    async def list_bookings(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        bookings = await attempt("list bookings", self.api.bookings(tracker.sender_id))
        return after_list_bookings(state, None if bookings is FAILED else bookings)

    async def cancel(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        if turn.chosen_slot is None:
            return turn
        outcome = await attempt(
            "cancel", self.api.cancel_booking(tracker.sender_id, turn.chosen_slot)
        )
        return after_cancel(state, cancelled=outcome is not FAILED)

    async def list_to_move(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        bookings = await attempt("list bookings", self.api.bookings(tracker.sender_id))
        return after_list_to_move(state, None if bookings is FAILED else bookings)

    async def offer_move(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        chosen = turn.slots.get("bookings") or list(state.bookings)
        booking = chosen[0] if chosen else None
        slots = await attempt("fetch slots", self.api.offer_slots(tracker.sender_id))
        return after_move_offer(state, booking, None if slots is FAILED else slots)

    async def move(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        if turn.chosen_slot is None or not state.bookings:
            return turn
        booking_id = int(state.bookings[0]["id"])
        call = self.api.move_booking(
            tracker.sender_id, booking_id, turn.chosen_slot, channel_of(tracker)
        )
        try:
            moved = await call
        except ApiConflict:
            return after_move(state, SLOT_GONE, None)
        except ApiUnavailable as error:
            logger.warning("Could not move a booking: %s", error)
            return after_move(state, None, None)
        return after_move(state, MOVED, moved)

    async def feedback(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        where = position(state.step)
        if turn.feedback is None or where is None:
            return turn
        answer = {
            "phone": tracker.sender_id,
            "statement_id": statement_at(state.step),
            "answer": turn.feedback,
            "language": state.language or "en",
            "channel": channel_of(tracker),
            "context": where[0],
        }
        await attempt("record feedback", self.api.record_feedback(answer))
        return after_feedback(state)

    async def who_sees(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        return await who_sees_requests.who_sees(self.api, tracker, state)

    async def who_read(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        return await who_sees_requests.who_read(self.api, tracker, state)

    async def change_seer(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        return await who_sees_requests.change(self.api, turn, tracker, state, channel_of(tracker))

    async def ask_provider_need(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        return await provider_need_requests.ask(self.api, tracker, state)

    async def decide_provider_need(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        channel = channel_of(tracker)
        return await provider_need_requests.decide(self.api, turn, tracker, state, channel)

    async def check_in(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        if turn.check_in is None:
            return turn
        outcome = await attempt(
            "record a check-in",
            self.api.record_check_in(
                tracker.sender_id, turn.check_in, channel_of(tracker), state.language or "en"
            ),
        )
        return after_check_in(state, turn.check_in, recorded=outcome is not FAILED)

    async def send_code(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        """Text a code; the turn that needed it keeps its slot updates (e.g. answers given)."""
        waiting = state.updated(turn.slots)
        try:
            issued = await self.api.new_code(tracker.sender_id)
        except ApiTooMany:
            outcome = REFUSED
        except ApiUnavailable as error:
            logger.warning("Could not issue a code: %s", error)
            outcome = NOT_SENT
        else:
            language = waiting.language or "en"
            sent = await self.text_code(tracker.sender_id, issued, language)
            outcome = SENT if sent else NOT_SENT
        asked = after_code_sent(waiting, outcome)
        asked.slots = {**turn.slots, **asked.slots}
        return asked

    async def check_code(self, turn: Turn, tracker: Tracker, state: FlowState) -> Turn:
        """Check the code; a right one is remembered for a while on this channel (and call)."""
        if turn.code is None:
            return turn
        result = await attempt("check a code", self.api.check_code(tracker.sender_id, turn.code))
        checked = after_code_checked(state, None if result is FAILED else result)
        if result is not FAILED and result.get("verified"):
            proof = proof_now(channel_of(tracker), latest_call_sid(tracker))
            checked.slots["identity_proof"] = proof
        return checked
