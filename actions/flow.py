"""The conversation as a small state machine: where the person is, what they said, what next.

Pure functions only: no Rasa, no I/O. `actions/action_flow.py` wires them to Rasa and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from actions.languages import INTERPRETER_LANGUAGES, language_named_in

YES_NO_CONFIDENCE = 0.5


class Step(str, Enum):
    """The question the person is answering (stored in the `step` slot)."""

    LANGUAGE = "language"
    CONSENT = "consent"
    INTERPRETER_NEEDED = "interpreter_needed"
    INTERPRETER_LANGUAGE = "interpreter_language"
    READ_BACK = "read_back"
    DECLINED = "declined"
    DONE = "done"


@dataclass(frozen=True)
class Heard:
    """What the NLU (or a numbered menu) made of the person's last message."""

    intent: str | None
    confidence: float
    entities: dict[str, str]
    text: str


@dataclass(frozen=True)
class FlowState:
    """The answers so far, as held in the tracker's slots."""

    step: Step | None = None
    language: str | None = None
    consent_given: bool | None = None
    interpreter_needed: bool | None = None
    interpreter_language: str | None = None

    def with_updates(self, updates: dict[str, Any]) -> FlowState:
        """This state with some slots changed."""
        values = {**self.__dict__, **updates}
        return FlowState(**values)


@dataclass(frozen=True)
class Reply:
    """A response name for the NLG endpoint and its arguments."""

    response: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """What to do: slots to set, replies to send, and whether to save the answers first."""

    slots: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    save_requested: bool = False


def question_for(state: FlowState) -> Reply:
    """The reply that asks the question of the current step."""
    if state.step == Step.READ_BACK:
        return Reply(
            "utter_read_back",
            {
                "interpreter_needed": state.interpreter_needed,
                "interpreter_language": state.interpreter_language,
            },
        )
    asks = {
        Step.CONSENT: "utter_ask_consent",
        Step.INTERPRETER_NEEDED: "utter_ask_interpreter_needed",
        Step.INTERPRETER_LANGUAGE: "utter_ask_interpreter_language",
    }
    return Reply(asks.get(state.step, "utter_ask_language"))


def go_to(state: FlowState, step: Step, updates: dict[str, Any] | None = None) -> Turn:
    """Record answers, move to `step` and ask its question."""
    slots = {**(updates or {}), "step": step.value}
    return Turn(slots=slots, replies=[question_for(state.with_updates({**slots, "step": step}))])


def ask_again(state: FlowState, apology: str = "utter_not_understood") -> Turn:
    """Say kindly that we didn't understand, then ask the same question again."""
    return Turn(replies=[Reply(apology), question_for(state)])


def yes_or_no(heard: Heard) -> bool | None:
    """True for yes, False for no, None when the message was neither."""
    if heard.intent in ("affirm", "deny") and heard.confidence >= YES_NO_CONFIDENCE:
        return heard.intent == "affirm"
    return None


def next_turn(state: FlowState, heard: Heard, offered_languages: tuple[str, ...]) -> Turn:
    """Decide the next turn from where the person is and what they said."""
    if state.step is None:
        return go_to(state, Step.LANGUAGE)
    if heard.intent == "no_content":
        return ask_again(state, "utter_empty_message")
    handlers = {
        Step.LANGUAGE: _on_language,
        Step.CONSENT: _on_consent,
        Step.DECLINED: _on_declined,
        Step.INTERPRETER_NEEDED: _on_interpreter_needed,
        Step.INTERPRETER_LANGUAGE: _on_interpreter_language,
        Step.READ_BACK: _on_read_back,
        Step.DONE: _on_done,
    }
    return handlers[state.step](state, heard, offered_languages)


def _on_language(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    chosen = heard.entities.get("language")
    if chosen not in offered:
        chosen = language_named_in(heard.text, offered, state.language or "en")
    if chosen is None:
        return ask_again(state)
    return go_to(state, Step.CONSENT, {"language": chosen})


def _on_consent(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return go_to(state, Step.INTERPRETER_NEEDED, {"consent_given": True})
    return Turn(
        slots={"consent_given": False, "step": Step.DECLINED.value},
        replies=[Reply("utter_no_consent")],
    )


def _on_declined(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    # Anything after declining is a chance to change their mind: ask again, gently.
    return go_to(state, Step.CONSENT)


def _on_interpreter_needed(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    named = language_named_in(heard.text, INTERPRETER_LANGUAGES, state.language or "en")
    if named is not None:
        return go_to(
            state, Step.READ_BACK, {"interpreter_needed": True, "interpreter_language": named}
        )
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return go_to(state, Step.INTERPRETER_LANGUAGE, {"interpreter_needed": True})
    return go_to(state, Step.READ_BACK, {"interpreter_needed": False, "interpreter_language": None})


def _on_interpreter_language(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    chosen = heard.entities.get("interpreter_language")
    if chosen not in INTERPRETER_LANGUAGES:
        chosen = language_named_in(heard.text, INTERPRETER_LANGUAGES, state.language or "en")
    if chosen is None:
        return ask_again(state)
    return go_to(state, Step.READ_BACK, {"interpreter_language": chosen})


def _on_read_back(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return Turn(save_requested=True)
    turn = go_to(state, Step.INTERPRETER_NEEDED)
    turn.replies.insert(0, Reply("utter_start_again"))
    return turn


def _on_done(state: FlowState, heard: Heard, offered: tuple[str, ...]) -> Turn:
    return Turn(replies=[Reply("utter_already_done")])


def after_save(state: FlowState, saved: bool) -> Turn:
    """Tell the person whether their answers were saved; unsaved answers stay in the slots."""
    if saved:
        return Turn(slots={"step": Step.DONE.value}, replies=[Reply("utter_saved")])
    return Turn(replies=[Reply("utter_save_failed")])
