"""The conversation as a small state machine: where the person is, what they said, what next.

Fixed steps come first (language, consent, interpreter), then every question of the configured
flow (actions/conversation/definition.py, served by the API), then a read-back to confirm. Words

such as
HELP, BACK or CALL ME work at any point. Pure functions only: no Rasa, no I/O;
`actions/action_flow.py` wires them to Rasa and the API.
"""

from __future__ import annotations

from collections.abc import Callable

from actions.conversation.assessment import (
    on_change_section,
    on_confirm_language,
    on_consent,
    on_declined,
    on_done,
    on_interpreter_language,
    on_interpreter_needed,
    on_interpreter_other,
    on_language,
    on_lost,
    on_question,
    on_read_back,
)
from actions.conversation.booking import (
    on_choose_booking,
    on_choose_move,
    on_choose_new_slot,
    on_choose_slot,
    on_confirm_cancel,
)
from actions.conversation.check_in import on_check_in
from actions.conversation.core import (
    CALLBACK,
    LIST_BOOKINGS,
    LIST_TO_MOVE,
    OFFER_SLOTS,
    QUESTION_PREFIX,
    READ_HELD,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_back,
    go_to,
    question_for,
)
from actions.conversation.definition import FlowDefinition
from actions.conversation.feedback import on_feedback, start_feedback
from actions.conversation.identity import (
    guarded,
    on_verify_code,
)
from actions.conversation.my_data import on_confirm_delete
from actions.conversation.provider_needs import on_confirm as on_confirm_provider_need
from actions.conversation.provider_needs import on_due as provider_need_due
from actions.conversation.representative import HANDLERS as REPRESENTATIVE_HANDLERS
from actions.conversation.representative import person_turn
from actions.conversation.survey import PREFIX as FEEDBACK_PREFIX
from actions.conversation.who_sees import command as who_sees_command

Handler = Callable[[FlowState, Heard, tuple[str, ...], FlowDefinition], Turn]
HANDLERS: dict[str, Handler] = {
    Step.LANGUAGE: on_language,
    Step.CONFIRM_LANGUAGE: on_confirm_language,
    Step.CONSENT: on_consent,
    Step.DECLINED: on_declined,
    Step.INTERPRETER_NEEDED: on_interpreter_needed,
    Step.INTERPRETER_LANGUAGE: on_interpreter_language,
    Step.INTERPRETER_OTHER: on_interpreter_other,
    Step.READ_BACK: on_read_back,
    Step.CONFIRM_DELETE: on_confirm_delete,
    Step.CHANGE_SECTION: on_change_section,
    Step.CHOOSE_SLOT: on_choose_slot,
    Step.CHECK_IN: on_check_in,
    Step.CHOOSE_BOOKING: on_choose_booking,
    Step.CONFIRM_CANCEL: on_confirm_cancel,
    Step.CHOOSE_MOVE: on_choose_move,
    Step.CHOOSE_NEW_SLOT: on_choose_new_slot,
    Step.VERIFY_CODE: on_verify_code,
    Step.CONFIRM_PROVIDER_NEED: on_confirm_provider_need,
    Step.DONE: on_done,
    **REPRESENTATIVE_HANDLERS,
}


CALL_STARTED = "/greet"  # what the voice channel sends when a call is answered


def asked_for(heard: Heard, keyword: str, intent: str | None = None) -> bool:
    """Whether the message is this keyword (in any of its languages) or intent."""
    return heard.keyword == keyword or (intent is not None and heard.intent == intent)


def command_turn(state: FlowState, heard: Heard) -> Turn | None:
    """The answer to a word that works at any point (HELP, BACK, CALL ME…), if it was one."""
    step = state.step
    if asked_for(heard, "language") and step != Step.LANGUAGE:
        return go_to(state, Step.LANGUAGE)
    if asked_for(heard, "help"):
        return Turn(replies=[Reply("utter_help"), question_for(state)])
    if asked_for(heard, "privacy"):
        return Turn(replies=[Reply("utter_privacy"), question_for(state)])
    if asked_for(heard, "back") and step not in (Step.DONE, Step.DECLINED):
        return go_back(state)
    if asked_for(heard, "call_me", "call_me_back"):
        return Turn(request=CALLBACK)
    finished = step == Step.DONE or (step or "").startswith(FEEDBACK_PREFIX)
    if asked_for(heard, "book", "book_appointment") and finished:
        return Turn(request=OFFER_SLOTS)
    if heard.intent == "give_feedback" and finished:
        return start_feedback(Turn(), "assessment")
    # Before CANCEL BOOKING: the NLU may read "move booking" as cancelling it.
    if asked_for(heard, "move", "move_booking") and state.consent_given:
        return Turn(request=LIST_TO_MOVE)
    if asked_for(heard, "cancel", "cancel_booking") and state.consent_given:
        return Turn(request=LIST_BOOKINGS)
    if asked_for(heard, "my_data", "my_data"):  # on a call, after the code (guarded)
        return Turn(request=READ_HELD)
    if asked_for(heard, "change", "change") and state.consent_given:
        return go_to(state, Step.CHANGE_SECTION)
    if asked_for(heard, "delete") and step != Step.CONFIRM_DELETE:
        return go_to(state, Step.CONFIRM_DELETE)
    return None


def call_started_mid_question(state: FlowState, heard: Heard) -> bool:
    """A call began (its first webhook says CALL_STARTED) while a question waits for an answer:
    someone who texted, then rang."""
    return heard.text == CALL_STARTED and state.step not in (None, Step.DONE, Step.DECLINED)


def first_turn(state: FlowState, heard: Heard, offered_languages: tuple[str, ...]) -> Turn:
    """A new conversation: confirm a clearly guessed language, or offer the language menu."""
    if heard.language_guess in offered_languages:
        return go_to(state, Step.CONFIRM_LANGUAGE, {"guessed_language": heard.language_guess})
    return go_to(state, Step.LANGUAGE)


def next_turn(
    state: FlowState, heard: Heard, offered_languages: tuple[str, ...], flow: FlowDefinition
) -> Turn:
    """Decide the next turn from where the person is and what they said; anything that erases
    or says held data where a spoofed number could hear it waits for the texted code."""
    return guarded(heard, _answer(state, heard, offered_languages, flow))


def _answer(
    state: FlowState, heard: Heard, offered_languages: tuple[str, ...], flow: FlowDefinition
) -> Turn:
    if heard.intent == "check_in_due":  # sent by the scheduler, not typed by the person
        return go_to(state, Step.CHECK_IN)
    told = provider_need_due(heard)  # likewise: a provider recorded a need
    if told is not None:
        return told
    acting = person_turn(
        state, heard, lambda: guarded(heard, _regular(state, heard, offered_languages, flow))
    )
    return acting if acting is not None else _regular(state, heard, offered_languages, flow)


def _regular(
    state: FlowState, heard: Heard, offered_languages: tuple[str, ...], flow: FlowDefinition
) -> Turn:
    if state.step is None:
        return first_turn(state, heard, offered_languages)
    # WHO SEES, STOP n, ALLOW n, WHO READ (on a call, after the code) work at any point too.
    command = who_sees_command(heard) or command_turn(state, heard)
    if command is not None:
        return command
    if heard.intent == "no_content":
        return ask_again(state, "utter_empty_message")
    if call_started_mid_question(state, heard):  # where they were, not "didn't understand"
        return Turn(replies=[question_for(state)])
    if state.step.startswith(QUESTION_PREFIX):
        return on_question(state, heard, flow)
    if state.step.startswith(FEEDBACK_PREFIX):
        return on_feedback(state, heard, offered_languages, flow)
    return HANDLERS.get(state.step, on_lost)(state, heard, offered_languages, flow)
