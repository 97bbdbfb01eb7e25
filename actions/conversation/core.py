"""The conversation's building blocks: steps, what was heard, the state, replies and turns.

Pure values and helpers only. The steps themselves are in actions/conversation/assessment.py (asking

and
answering) and actions/conversation/services.py (what a person can ask for at any time: their data,
deletion, a call-back, booking, check-ins); actions/conversation/router.py decides which one answers

a message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from actions.conversation.survey import PREFIX as SURVEY_PREFIX
from actions.conversation.survey import position, statement_at

NUMBERS = re.compile(r"\d+")
# "2", "1 3", "1,3", "1 and 3", "1 i 3" (Polish "and"): a reply made only of option numbers.
NUMBER_LIST = re.compile(r"^\s*\d+(?:\s*(?:,|;|&|\+|and|i|\s)\s*\d+)*\s*[.!]?\s*$", re.I)


YES_NO_CONFIDENCE = 0.5
FREE_TEXT_CONFIDENCE = 0.5
MAX_REASKS = 2  # then move on rather than trap the person on one question
HISTORY_LIMIT = 40
QUESTION_PREFIX = "q:"


class Step:
    """The fixed steps (stored in the `step` slot); flow questions are `q:<question id>`."""

    LANGUAGE = "language"
    CONFIRM_LANGUAGE = "confirm_language"
    CONSENT = "consent"
    DECLINED = "declined"
    INTERPRETER_NEEDED = "interpreter_needed"
    INTERPRETER_LANGUAGE = "interpreter_language"
    INTERPRETER_OTHER = "interpreter_other"  # "another language": its name, written or said
    READ_BACK = "read_back"
    CONFIRM_DELETE = "confirm_delete"
    CHANGE_SECTION = "change_section"
    CHOOSE_SLOT = "choose_slot"
    CHECK_IN = "check_in"
    CHOOSE_BOOKING = "choose_booking"
    CONFIRM_CANCEL = "confirm_cancel"
    CHOOSE_MOVE = "choose_move"  # which booking to move
    CHOOSE_NEW_SLOT = "choose_new_slot"  # which slot to move it to
    VERIFY_CODE = "verify_code"
    CONFIRM_PROVIDER_NEED = "confirm_provider_need"  # provider_needs.py
    DONE = "done"


INTERPRETER_SECTION = "interpreter"  # the fixed interpreter questions, as a part one can change


def question_step(question_id: str) -> str:
    """The step name of a flow question."""
    return QUESTION_PREFIX + question_id


@dataclass(frozen=True)
class Heard:
    """What the NLU (or a numbered menu) made of the person's last message."""

    intent: str | None
    confidence: float
    entities: dict[str, str]
    text: str
    keyword: str | None = None  # 'help', 'back', 'skip', 'my_data', 'delete' as a whole message
    language_guess: str | None = None  # the offered language the text seems written in
    channel: str = "sms"  # sms, whatsapp or voice
    proven: bool = False  # the right code came back lately on this channel (and call)
    earlier_data: bool = False  # on a call: the conversation held answers before this call
    numbered: tuple[str, int] | None = None  # "STOP 2" → ("stop", 2) (who_sees.py)


@dataclass(frozen=True)
class FlowState:
    """The answers so far, as held in the tracker's slots."""

    step: str | None = None
    language: str | None = None
    consent_given: bool | None = None
    interpreter_needed: bool | None = None
    interpreter_language: str | None = None
    answers: dict[str, list[str]] = field(default_factory=dict)
    history: tuple[str, ...] = ()
    fails: int = 0
    changing: str | None = None  # the section being changed after the read-back, if any
    guessed_language: str | None = None  # suggested from the first message, to be confirmed
    offered_slots: tuple[dict[str, Any], ...] = ()  # the slots last offered, as the API gave them
    bookings: tuple[dict[str, Any], ...] = ()  # the person's bookings, when choosing one to cancel
    code_for: str | None = None  # what waits for the texted code (actions/conversation/identity.py)
    organisations: tuple[dict[str, Any], ...] = ()  # WHO SEES as last shown (who_sees.py)
    provider_need: dict[str, Any] | None = None  # a need a provider recorded, being asked about
    # Someone contacting us for someone else: their answers so far (representative.py).
    representing: dict[str, Any] | None = None

    def updated(self, slots: dict[str, Any]) -> FlowState:
        """This state after a turn's slot events (slots that aren't state are ignored)."""
        tuples = ("history", "offered_slots", "bookings", "organisations")
        changes = {
            name: tuple(value or ()) if name in tuples else value
            for name, value in slots.items()
            if name in self.__dataclass_fields__
        }
        return replace(self, **changes)


@dataclass(frozen=True)
class Reply:
    """A response name for the NLG endpoint and its arguments."""

    response: str
    arguments: dict[str, Any] = field(default_factory=dict)


# What a turn may ask the API to do before replying.
SAVE, READ_HELD, ERASE, CALLBACK = "save", "read_held", "erase", "callback"
OFFER_SLOTS, BOOK, CHECK_IN_ANSWER = "offer_slots", "book", "check_in_answer"
LIST_BOOKINGS, CANCEL_BOOKING = "list_bookings", "cancel_booking"
SEND_CODE, CHECK_CODE = "send_code", "check_code"
LIST_TO_MOVE, OFFER_MOVE, MOVE_BOOKING = "list_to_move", "offer_move", "move_booking"
FEEDBACK_ANSWER = "feedback_answer"
CHECK_IN_ANSWERS = ("same", "worse", "help_now")


@dataclass
class Turn:
    """What to do: slots to set, replies to send, and what to ask the API first, if anything."""

    slots: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    request: str | None = None
    chosen_slot: int | None = None  # with BOOK: the slot the person picked
    check_in: str | None = None  # with CHECK_IN_ANSWER: same, worse or help_now
    code: str | None = None  # with CHECK_CODE: the digits the person keyed in
    feedback: str | None = None  # with FEEDBACK_ANSWER: yes, partly or no
    number: int | None = None  # with STOP n / ALLOW n: the organisation's number in WHO SEES
    otherwise: Turn | None = None  # the turn to take if the request finds nothing to do

    @property
    def save_requested(self) -> bool:
        """Whether the answers are to be saved before replying."""
        return self.request == SAVE


FIXED_QUESTIONS = {
    Step.CONSENT: "utter_ask_consent",
    Step.DECLINED: "utter_ask_consent",
    Step.INTERPRETER_NEEDED: "utter_ask_interpreter_needed",
    Step.INTERPRETER_LANGUAGE: "utter_ask_interpreter_language",
    Step.INTERPRETER_OTHER: "utter_ask_interpreter_other",
    Step.CONFIRM_DELETE: "utter_confirm_delete",
    Step.CHANGE_SECTION: "utter_ask_change",
    Step.CHECK_IN: "utter_check_in",
    Step.VERIFY_CODE: "utter_ask_code",
}


# Questions of steps owned by other modules (they register here, so core imports none of them).
STEP_QUESTIONS: dict[str, Callable[[FlowState], Reply]] = {}


def question_for(state: FlowState) -> Reply:
    """The reply that asks the question of the current step."""
    step = state.step or Step.LANGUAGE
    if step in STEP_QUESTIONS:
        return STEP_QUESTIONS[step](state)
    if step.startswith(SURVEY_PREFIX):
        return feedback_question(step)
    if step.startswith(QUESTION_PREFIX):
        return Reply("utter_ask_question", {"question_id": step.removeprefix(QUESTION_PREFIX)})
    if step == Step.READ_BACK:
        return Reply(
            "utter_read_back",
            {
                "interpreter_needed": state.interpreter_needed,
                "interpreter_language": state.interpreter_language,
                "answers": state.answers,
            },
        )
    if step == Step.DONE:
        return Reply("utter_already_done")
    if step == Step.CONFIRM_PROVIDER_NEED:
        return Reply("utter_provider_need", {"need": state.provider_need or {}})
    if step in (Step.CHOOSE_BOOKING, Step.CHOOSE_MOVE):
        return Reply("utter_choose_booking", {"bookings": list(state.bookings)})
    if step == Step.CONFIRM_CANCEL:
        return Reply(
            "utter_confirm_cancel", {"booking": state.bookings[0] if state.bookings else {}}
        )
    if step in (Step.CHOOSE_SLOT, Step.CHOOSE_NEW_SLOT):
        return Reply("utter_offer_slots", {"slots": list(state.offered_slots)})
    if step == Step.CONFIRM_LANGUAGE:
        guess = state.guessed_language or "en"
        return Reply("utter_confirm_language", {"language": guess, "guessed": guess})
    return Reply(FIXED_QUESTIONS.get(step, "utter_ask_language"))


def feedback_question(step: str) -> Reply:
    """The question of a survey step (the first one says what it is and how to stop)."""
    where = position(step)
    index = where[1] if where else 0
    return Reply(
        "utter_feedback_question", {"statement_id": statement_at(step), "first": index == 0}
    )


def go_to(state: FlowState, step: str, updates: dict[str, Any] | None = None) -> Turn:
    """Record answers, move to `step` (remembering where we were, for BACK) and ask its question."""
    history = list(state.history)
    if state.step and state.step != step:
        history = [*history, state.step][-HISTORY_LIMIT:]
    slots = {**(updates or {}), "step": step, "history": history, "fails": 0}
    moved = replace(state, **{**slots, "history": tuple(history)})
    return Turn(slots=slots, replies=[question_for(moved)])


def ask_again(state: FlowState, apology: str = "utter_not_understood") -> Turn:
    """Say kindly that we didn't understand, then ask the same question again."""
    return Turn(slots={"fails": state.fails + 1}, replies=[Reply(apology), question_for(state)])


def go_back(state: FlowState) -> Turn:
    """Return to the previous question, keeping every answer given so far."""
    if not state.history:
        return Turn(replies=[question_for(state)])
    previous = state.history[-1]
    slots = {"step": previous, "history": list(state.history[:-1]), "fails": 0}
    return Turn(slots=slots, replies=[question_for(replace(state, step=previous))])


def yes_or_no(heard: Heard) -> bool | None:
    """True for yes, False for no, None when the message was neither.

    A bare number is never a yes: menu numbers arrive as payloads, so a number here is one the
    menu doesn't have (and the NLU may still guess 'affirm' for it).
    """
    if NUMBER_LIST.match(heard.text):
        return None
    if heard.intent in ("affirm", "deny") and heard.confidence >= YES_NO_CONFIDENCE:
        return heard.intent == "affirm"
    return None
