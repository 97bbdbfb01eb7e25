"""The conversation as a small state machine: where the person is, what they said, what next.

Fixed steps come first (language, consent, interpreter), then every question of the configured
flow (actions/flow_definition.py, served by the API), then a read-back to confirm. Pure
functions only: no Rasa, no I/O. `actions/action_flow.py` wires them to Rasa and the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from actions.flow_definition import FlowDefinition, FlowQuestion
from actions.languages import INTERPRETER_LANGUAGES, language_named_in, plain

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
    READ_BACK = "read_back"
    CONFIRM_DELETE = "confirm_delete"
    CHANGE_SECTION = "change_section"
    CHOOSE_SLOT = "choose_slot"
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


@dataclass(frozen=True)
class Reply:
    """A response name for the NLG endpoint and its arguments."""

    response: str
    arguments: dict[str, Any] = field(default_factory=dict)


# What a turn may ask the API to do before replying.
SAVE, READ_HELD, ERASE, CALLBACK = "save", "read_held", "erase", "callback"
OFFER_SLOTS, BOOK = "offer_slots", "book"


@dataclass
class Turn:
    """What to do: slots to set, replies to send, and what to ask the API first, if anything."""

    slots: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    request: str | None = None
    chosen_slot: int | None = None  # with BOOK: the slot the person picked

    @property
    def save_requested(self) -> bool:
        """Whether the answers are to be saved before replying."""
        return self.request == SAVE


FIXED_QUESTIONS = {
    Step.CONSENT: "utter_ask_consent",
    Step.DECLINED: "utter_ask_consent",
    Step.INTERPRETER_NEEDED: "utter_ask_interpreter_needed",
    Step.INTERPRETER_LANGUAGE: "utter_ask_interpreter_language",
    Step.CONFIRM_DELETE: "utter_confirm_delete",
    Step.CHANGE_SECTION: "utter_ask_change",
}


def question_for(state: FlowState) -> Reply:
    """The reply that asks the question of the current step."""
    step = state.step or Step.LANGUAGE
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
    if step == Step.CHOOSE_SLOT:
        return Reply("utter_offer_slots", {"slots": list(state.offered_slots)})
    if step == Step.CONFIRM_LANGUAGE:
        guess = state.guessed_language or "en"
        return Reply("utter_confirm_language", {"language": guess, "guessed": guess})
    return Reply(FIXED_QUESTIONS.get(step, "utter_ask_language"))


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


def next_turn(
    state: FlowState, heard: Heard, offered_languages: tuple[str, ...], flow: FlowDefinition
) -> Turn:
    """Decide the next turn from where the person is and what they said."""
    if state.step is None:
        if heard.language_guess in offered_languages:
            return go_to(state, Step.CONFIRM_LANGUAGE, {"guessed_language": heard.language_guess})
        return go_to(state, Step.LANGUAGE)
    if heard.keyword == "language" and state.step != Step.LANGUAGE:
        return go_to(state, Step.LANGUAGE)
    if heard.keyword == "help":
        return Turn(replies=[Reply("utter_help"), question_for(state)])
    if heard.keyword == "back" and state.step not in (Step.DONE, Step.DECLINED):
        return go_back(state)
    if heard.keyword == "call_me" or heard.intent == "call_me_back":
        return Turn(request=CALLBACK)
    if (heard.keyword == "book" or heard.intent == "book_appointment") and state.step == Step.DONE:
        return Turn(request=OFFER_SLOTS)
    if heard.keyword == "my_data" or heard.intent == "my_data":
        return Turn(request=READ_HELD)
    if (heard.keyword == "change" or heard.intent == "change") and state.consent_given:
        return go_to(state, Step.CHANGE_SECTION)
    if heard.keyword == "delete" and state.step != Step.CONFIRM_DELETE:
        return go_to(state, Step.CONFIRM_DELETE)
    if heard.intent == "no_content":
        return ask_again(state, "utter_empty_message")
    if state.step.startswith(QUESTION_PREFIX):
        return _on_question(state, heard, flow)
    handlers = {
        Step.LANGUAGE: _on_language,
        Step.CONFIRM_LANGUAGE: _on_confirm_language,
        Step.CONSENT: _on_consent,
        Step.DECLINED: _on_declined,
        Step.INTERPRETER_NEEDED: _on_interpreter_needed,
        Step.INTERPRETER_LANGUAGE: _on_interpreter_language,
        Step.READ_BACK: _on_read_back,
        Step.CONFIRM_DELETE: _on_confirm_delete,
        Step.CHANGE_SECTION: _on_change_section,
        Step.CHOOSE_SLOT: _on_choose_slot,
        Step.DONE: _on_done,
    }
    handler = handlers.get(state.step, _on_lost)
    return handler(state, heard, offered_languages, flow)


def _after_interpreter(state: FlowState, flow: FlowDefinition, updates: dict[str, Any]) -> Turn:
    first = flow.after(None)
    if state.changing == INTERPRETER_SECTION or first is None:
        return _to_read_back(state, updates)
    return go_to(state, question_step(first.id), updates)


def _to_read_back(state: FlowState, updates: dict[str, Any]) -> Turn:
    """The read-back, with these answers applied; any change of a section is over."""
    updates = {**updates, "changing": None}
    return go_to(replace(state, **_as_fields(updates)), Step.READ_BACK, updates)


def _as_fields(updates: dict[str, Any]) -> dict[str, Any]:
    fields = set(FlowState.__dataclass_fields__)
    return {key: value for key, value in updates.items() if key in fields and key != "history"}


def _on_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    chosen = heard.entities.get("language")
    if chosen not in offered:
        chosen = language_named_in(heard.text, offered, state.language or "en")
    if chosen is None:
        return ask_again(state)
    if state.consent_given and state.history:  # a change of language keeps their place
        previous = state.history[-1]
        slots = {"language": chosen, "step": previous, "history": list(state.history[:-1])}
        return Turn(slots=slots, replies=[question_for(replace(state, step=previous))])
    return go_to(state, Step.CONSENT, {"language": chosen})


def _on_confirm_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer:
        return go_to(state, Step.CONSENT, {"language": state.guessed_language})
    if answer is False:
        return go_to(state, Step.LANGUAGE)
    return _on_language(replace(state, step=Step.CONFIRM_LANGUAGE), heard, offered, flow)


def _on_consent(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return go_to(state, Step.INTERPRETER_NEEDED, {"consent_given": True})
    return Turn(
        slots={"consent_given": False, "step": Step.DECLINED, "fails": 0},
        replies=[Reply("utter_no_consent")],
    )


def _on_declined(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    # Anything after declining is a chance to change their mind: ask again, gently.
    return go_to(state, Step.CONSENT)


def _on_interpreter_needed(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    named = language_named_in(heard.text, INTERPRETER_LANGUAGES, state.language or "en")
    if named is not None:
        return _after_interpreter(
            state, flow, {"interpreter_needed": True, "interpreter_language": named}
        )
    if heard.intent == "skip" or heard.keyword == "skip":
        return _after_interpreter(
            state, flow, {"interpreter_needed": None, "interpreter_language": None}
        )
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return go_to(state, Step.INTERPRETER_LANGUAGE, {"interpreter_needed": True})
    return _after_interpreter(
        state, flow, {"interpreter_needed": False, "interpreter_language": None}
    )


def _on_interpreter_language(
    state: FlowState, heard: Heard, offered: tuple[str, ...], flow
) -> Turn:
    chosen = heard.entities.get("interpreter_language")
    if chosen not in INTERPRETER_LANGUAGES:
        chosen = language_named_in(heard.text, INTERPRETER_LANGUAGES, state.language or "en")
    if chosen is None and (heard.intent == "skip" or heard.keyword == "skip"):
        return _after_interpreter(state, flow, {"interpreter_language": None})
    if chosen is None:
        return ask_again(state)
    return _after_interpreter(state, flow, {"interpreter_language": chosen})


def _on_question(state: FlowState, heard: Heard, flow: FlowDefinition) -> Turn:
    question = flow.question(str(state.step).removeprefix(QUESTION_PREFIX))
    if question is None:  # the flow changed under this conversation: carry on from its start
        return _next_question(state, flow, None, {})
    chosen = chosen_options(question, heard)
    if chosen is None:
        if state.fails >= MAX_REASKS:
            turn = _next_question(state, flow, question.id, {})
            turn.replies.insert(0, Reply("utter_moving_on"))
            return turn
        return ask_again(state)
    answers = {**state.answers, question.id: chosen}
    return _next_question(state, flow, question.id, {"answers": answers})


def _next_question(
    state: FlowState, flow: FlowDefinition, after: str | None, updates: dict[str, Any]
) -> Turn:
    following = flow.after(after)
    if following is None or (state.changing and following.section != state.changing):
        return _to_read_back(state, updates)
    return go_to(state, question_step(following.id), updates)


NUMBERS = re.compile(r"\d+")
# "2", "1 3", "1,3", "1 and 3", "1 i 3" (Polish "and"): a reply made only of option numbers.
NUMBER_LIST = re.compile(r"^\s*\d+(?:\s*(?:,|;|&|\+|and|i|\s)\s*\d+)*\s*[.!]?\s*$", re.I)


def chosen_options(question: FlowQuestion, heard: Heard) -> list[str] | None:
    """The option ids the message picks ([] for skip), or None if it picks nothing clearly."""
    if heard.intent == "skip" or heard.keyword == "skip":
        return []
    option_id = heard.entities.get("option")
    if heard.intent == "answer" and option_id:
        return [option_id] if any(o.id == option_id for o in question.options) else None
    if NUMBER_LIST.match(heard.text):
        return _options_numbered(question, [int(n) for n in NUMBERS.findall(heard.text)])
    if heard.confidence >= FREE_TEXT_CONFIDENCE:
        meant = [o.id for o in question.options if heard.intent in o.intents]
        if meant:
            return meant
    said = plain(heard.text).strip(" .!")
    named = [o.id for o in question.options if said in {plain(name) for name in o.called()}]
    return named or None


def _options_numbered(question: FlowQuestion, numbers: list[int]) -> list[str] | None:
    if numbers == [len(question.options) + 1]:  # the 'Prefer not to say' line
        return []
    options = [question.option_at(n) for n in dict.fromkeys(numbers)]
    if None in options or (len(options) > 1 and not question.multi):
        return None
    picked = [o for o in options if o is not None]
    if len(picked) > 1:  # "None of these" with real answers: the real answers win
        picked = [o for o in picked if not o.exclusive] or picked
    return [o.id for o in picked]


def _on_read_back(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return Turn(request=SAVE)
    return go_to(state, Step.CHANGE_SECTION)


def _on_change_section(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    section = heard.entities.get("section")
    if section == INTERPRETER_SECTION:
        return go_to(state, Step.INTERPRETER_NEEDED, {"changing": section})
    first = flow.first_of_section(section) if section else None
    if first is None:
        return ask_again(state)
    return go_to(state, question_step(first.id), {"changing": section})


def _on_confirm_delete(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    return Turn(request=ERASE) if answer else go_back(state)


def _on_done(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    return Turn(replies=[Reply("utter_already_done")])


def _on_lost(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    return go_to(state, Step.LANGUAGE)


def after_save(state: FlowState, saved: bool) -> Turn:
    """Tell the person whether their answers were saved; unsaved answers stay in the slots."""
    if saved:
        return Turn(slots={"step": Step.DONE, "history": []}, replies=[Reply("utter_saved")])
    return Turn(replies=[Reply("utter_save_failed")])


def after_read_held(state: FlowState, held: dict[str, Any] | None) -> Turn:
    """Read back what the API holds (or say it couldn't be read), then the current question."""
    if held is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    arguments = {
        "held": bool(held.get("held")),
        "interpreter_needed": (held.get("interpreter") or {}).get("needed"),
        "interpreter_language": (held.get("interpreter") or {}).get("language"),
        "answers": held.get("answers") or {},
    }
    return Turn(replies=[Reply("utter_my_data", arguments), question_for(state)])


ERASED_SLOTS = (
    "step", "consent_given", "interpreter_needed", "interpreter_language", "answers", "history",
    "person_id",
)  # fmt: skip


def after_erase(state: FlowState, erased: bool) -> Turn:
    """Forget everything in the conversation too once the API has erased its records."""
    if not erased:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    slots: dict[str, Any] = dict.fromkeys(ERASED_SLOTS)
    slots.update({"fails": 0, "erase_conversation": True})
    return Turn(slots=slots, replies=[Reply("utter_deleted")])


def after_callback(state: FlowState, due_at: str | None) -> Turn:
    """Tell the person when to expect the call (or that it couldn't be booked), then carry on."""
    if due_at is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    interpreter = state.interpreter_language if state.interpreter_needed else None
    told = Reply(
        "utter_callback_requested", {"due_at": due_at, "interpreter_language": interpreter}
    )
    if state.step in (None, Step.LANGUAGE, Step.DONE, Step.DECLINED):
        return Turn(replies=[told])
    return Turn(replies=[told, question_for(state)])


def after_offer(state: FlowState, slots: list[dict[str, Any]] | None) -> Turn:
    """Offer the slots that fit the person's needs, or say there are none right now."""
    if slots is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    if not slots:
        return Turn(replies=[Reply("utter_no_slots")])
    updates = {"offered_slots": slots}
    return go_to(replace(state, offered_slots=tuple(slots)), Step.CHOOSE_SLOT, updates)


def _on_choose_slot(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    ids = [int(slot["id"]) for slot in state.offered_slots]
    chosen = heard.entities.get("slot")
    if heard.intent == "deny" or heard.keyword == "skip":
        return _leave_slots(state, "utter_no_slot_chosen")
    if chosen is not None and chosen.isdigit() and int(chosen) in ids:
        return Turn(request=BOOK, chosen_slot=int(chosen))
    return ask_again(state)


def _leave_slots(state: FlowState, reply: str) -> Turn:
    slots = {"step": Step.DONE, "offered_slots": None, "fails": 0}
    return Turn(slots=slots, replies=[Reply(reply)])


BOOKED, SLOT_GONE = "booked", "slot_gone"


def after_booking(state: FlowState, outcome: str | None, booking: dict[str, Any] | None) -> Turn:
    """Confirm the booking; if the slot was just taken, say so kindly and offer again."""
    if outcome == BOOKED and booking is not None:
        turn = _leave_slots(state, "utter_booked")
        turn.replies[0] = Reply(
            "utter_booked",
            {
                "slot": booking.get("slot"),
                "interpreter_to_book": booking.get("interpreter_to_book"),
            },
        )
        return turn
    if outcome == SLOT_GONE:
        return Turn(request=OFFER_SLOTS, replies=[Reply("utter_slot_gone")])
    return Turn(replies=[Reply("utter_default"), question_for(state)])
