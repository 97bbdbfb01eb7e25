"""Steps of the assessment: language, consent, interpreter, the flow's questions, the read-back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from actions.conversation.core import (
    FREE_TEXT_CONFIDENCE,
    INTERPRETER_SECTION,
    MAX_REASKS,
    NUMBER_LIST,
    NUMBERS,
    QUESTION_PREFIX,
    SAVE,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
    question_step,
    yes_or_no,
)
from actions.conversation.definition import FlowDefinition, FlowQuestion
from actions.language.names import interpreter_language_named_in, language_named_in, plain

OTHER_LANGUAGE = "other"  # the "another language" option of the interpreter menu


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


def on_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
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


def on_confirm_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer:
        return go_to(state, Step.CONSENT, {"language": state.guessed_language})
    if answer is False:
        return go_to(state, Step.LANGUAGE)
    return on_language(replace(state, step=Step.CONFIRM_LANGUAGE), heard, offered, flow)


def on_consent(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return go_to(state, Step.INTERPRETER_NEEDED, {"consent_given": True})
    return Turn(
        slots={"consent_given": False, "step": Step.DECLINED, "fails": 0},
        replies=[Reply("utter_no_consent")],
    )


def on_declined(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    # Anything after declining is a chance to change their mind: ask again, gently.
    return go_to(state, Step.CONSENT)


def _interpreter_named(state: FlowState, heard: Heard, flow: FlowDefinition) -> str | None:
    """The interpreter language a message names: its payload, or a name from the reviewed
    table (English, its own or the conversation's name, romanised spellings), else CLDR's."""
    chosen = heard.entities.get("interpreter_language")
    if chosen in flow.interpreter_languages:
        return chosen
    language = state.language or "en"
    if flow.interpreter_names:
        return interpreter_language_named_in(heard.text, flow.interpreter_names, language)
    return language_named_in(heard.text, flow.interpreter_languages, language)


def on_interpreter_needed(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    named = _interpreter_named(state, heard, flow)
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


def on_interpreter_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    if heard.entities.get("interpreter_language") == OTHER_LANGUAGE:
        return go_to(state, Step.INTERPRETER_OTHER)
    chosen = _interpreter_named(state, heard, flow)
    if chosen is None and (heard.intent == "skip" or heard.keyword == "skip"):
        return _after_interpreter(state, flow, {"interpreter_language": None})
    if chosen is None:
        return ask_again(state)
    return _after_interpreter(state, flow, {"interpreter_language": chosen})


def on_interpreter_other(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    """The name of "another language"; not recognised after the re-asks: needed, language not
    given (a person calls back with an interpreter line), rather than asking forever."""
    chosen = _interpreter_named(state, heard, flow)
    if chosen is not None:
        return _after_interpreter(state, flow, {"interpreter_language": chosen})
    if heard.intent == "skip" or heard.keyword == "skip" or state.fails >= MAX_REASKS:
        return _after_interpreter(state, flow, {"interpreter_language": None})
    return ask_again(state)


def on_question(state: FlowState, heard: Heard, flow: FlowDefinition) -> Turn:
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


def on_read_back(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return Turn(request=SAVE)
    return go_to(state, Step.CHANGE_SECTION)


def on_change_section(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    section = heard.entities.get("section")
    if section == INTERPRETER_SECTION:
        return go_to(state, Step.INTERPRETER_NEEDED, {"changing": section})
    first = flow.first_of_section(section) if section else None
    if first is None:
        return ask_again(state)
    return go_to(state, question_step(first.id), {"changing": section})


def on_done(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    return Turn(replies=[Reply("utter_already_done")])


def on_lost(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    return go_to(state, Step.LANGUAGE)


def after_save(state: FlowState, saved: bool) -> Turn:
    """Tell the person whether their answers were saved; unsaved answers stay in the slots."""
    if saved:
        return Turn(slots={"step": Step.DONE, "history": []}, replies=[Reply("utter_saved")])
    return Turn(replies=[Reply("utter_save_failed")])


def after_save_refused(state: FlowState, due_at: str | None) -> Turn:
    """Answers the API will never take as they are: tell the person a call-back is coming (no
    "reply YES to try again" that cannot work); the answers stay in the slots."""
    if due_at is None:
        return Turn(replies=[Reply("utter_save_failed")])
    interpreter = state.interpreter_language if state.interpreter_needed else None
    arguments = {"due_at": due_at, "interpreter_language": interpreter}
    return Turn(replies=[Reply("utter_callback_requested", arguments)])
