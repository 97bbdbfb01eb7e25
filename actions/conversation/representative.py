"""Someone contacting us for someone else, and the person they act for.

The representative (FOR SOMEONE ELSE, or the menu) says who they are to the person, what lets
them act (the person's consent, a lasting power of attorney for health and welfare, a court
deputy, a parent of a child under 16, a best-interests decision), the person's own mobile number
and language; once they confirm, the API records it and the person is texted in their language
(asked to reply YES or NO where it rests on their consent). The person's YES or NO arrives in
their own conversation; REMOVE HELPER from their number ends anyone acting for them. What a
representative may then do is the API's decision (api/people/representatives.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import phonenumbers

from actions.conversation.core import (
    NUMBERS,
    STEP_QUESTIONS,
    FlowState,
    Heard,
    Reply,
    Step,
    Turn,
    ask_again,
    go_to,
    question_for,
    yes_or_no,
)
from actions.language.names import language_named_in

RELATIONSHIP, AUTHORITY, CHILD_AGE = "rep_relationship", "rep_authority", "rep_child_age"
PHONE, LANGUAGE, CONFIRM, ACTING = "rep_phone", "rep_language", "rep_confirm", "rep_acting"
REGISTER, READ_FOR, ANSWER, END = "rep_register", "rep_read", "rep_answer", "rep_end"
RELATIONSHIPS = ("family", "carer", "friend", "support_worker", "parent", "legal")
AUTHORITIES = ("consent", "lpa_health_welfare", "court_deputy", "parent_under_16", "best_interests")
PARENT, CHILD_UNTIL = "parent_under_16", 16
AT_REST = (None, Step.DONE, Step.DECLINED)  # where a YES or NO can't be an answer to us
DRAMA = "+447700900"  # Ofcom's drama range: valid here, as in the API (api/core/phones.py)


def typed_phone(text: str) -> str | None:
    """A mobile number as typed (UK national or international form) in E.164, or None."""
    try:
        number = phonenumbers.parse(text.strip(), "GB")
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164.startswith(DRAMA) and len(e164) == len(DRAMA) + 3:
        return e164
    kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in kinds:
        return e164
    return None


def _details(state: FlowState) -> dict[str, Any]:
    return dict(state.representing or {})


def _confirm_question(state: FlowState) -> Reply:
    details = _details(state)
    return Reply(
        "utter_confirm_representative",
        {
            "person_phone": details.get("phone"),
            "relationship": details.get("relationship"),
            "authority": details.get("authority"),
            "person_language": details.get("language"),
        },
    )


STEP_QUESTIONS.update(
    {
        RELATIONSHIP: lambda state: Reply("utter_ask_representative_relationship"),
        AUTHORITY: lambda state: Reply("utter_ask_representative_authority"),
        CHILD_AGE: lambda state: Reply("utter_ask_representative_child_age"),
        PHONE: lambda state: Reply("utter_ask_representative_phone"),
        LANGUAGE: lambda state: Reply("utter_ask_representative_language"),
        CONFIRM: _confirm_question,
        ACTING: lambda state: Reply("utter_representative_menu"),
    }
)


def _with(state: FlowState, step: str, **details: Any) -> Turn:
    return go_to(state, step, {"representing": {**_details(state), **details}})


def person_turn(state: FlowState, heard: Heard, otherwise: Callable[[], Turn]) -> Turn | None:
    """FOR SOMEONE ELSE and REMOVE HELPER at any point, and a YES or NO that may answer our
    text asking whether someone may act for them (`otherwise` if nobody waits for one)."""
    if heard.keyword == "for_someone" or heard.intent == "for_someone":
        return go_to(state, RELATIONSHIP, {"representing": {}})
    if heard.keyword == "remove_helper":
        return Turn(request=END)
    answer = yes_or_no(heard)
    if state.step in AT_REST and answer is not None:
        return Turn(request=ANSWER, feedback="yes" if answer else "no", otherwise=otherwise())
    return None


def on_relationship(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    option = heard.entities.get("option")
    if option not in RELATIONSHIPS:
        return ask_again(state)
    return _with(state, AUTHORITY, relationship=option)


def on_authority(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    option = heard.entities.get("option")
    if option not in AUTHORITIES:
        return ask_again(state)
    return _with(state, CHILD_AGE if option == PARENT else PHONE, authority=option, child_age=None)


def on_child_age(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    ages = NUMBERS.findall(heard.text)
    if len(ages) != 1 or int(ages[0]) > 120:
        return ask_again(state)
    if int(ages[0]) >= CHILD_UNTIL:  # outside a parent's authority: choose another
        slots = {"step": AUTHORITY, "fails": 0}
        moved = replace(state, step=AUTHORITY)
        return Turn(
            slots=slots,
            replies=[Reply("utter_representative_child_too_old"), question_for(moved)],
        )
    return _with(state, PHONE, child_age=int(ages[0]))


def on_phone(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    number = typed_phone(heard.text)
    if number is None:
        return ask_again(state, "utter_representative_phone_invalid")
    return _with(state, LANGUAGE, phone=number)


def on_language(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    chosen = heard.entities.get("language")
    if chosen not in offered:
        chosen = language_named_in(heard.text, offered, state.language or "en")
    if chosen is None:
        return ask_again(state)
    return _with(state, CONFIRM, language=chosen)


def on_confirm(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    answer = yes_or_no(heard)
    if answer is None:
        return ask_again(state)
    if answer:
        return Turn(request=REGISTER)
    return _leave(state, Reply("utter_representative_cancelled"))


def on_acting(state: FlowState, heard: Heard, offered: tuple[str, ...], flow) -> Turn:
    if heard.intent == "their_data":
        return Turn(request=READ_FOR)
    if heard.intent == "for_myself":
        return go_to(replace(state, representing=None), Step.LANGUAGE, {"representing": None})
    return Turn(replies=[question_for(state)])


def _leave(state: FlowState, said: Reply) -> Turn:
    """Out of the path, back where they were before it (or the start)."""
    before = [step for step in state.history if not step.startswith("rep_")]
    step = before[-1] if before else None
    slots = {"step": step, "history": before[:-1], "representing": None, "fails": 0}
    if step is None:
        return Turn(slots=slots, replies=[said])
    return Turn(slots=slots, replies=[said, question_for(replace(state, step=step))])


HANDLERS = {
    RELATIONSHIP: on_relationship,
    AUTHORITY: on_authority,
    CHILD_AGE: on_child_age,
    PHONE: on_phone,
    LANGUAGE: on_language,
    CONFIRM: on_confirm,
    ACTING: on_acting,
}


def after_register(state: FlowState, status: str | None, refused: bool = False) -> Turn:
    """Recorded (pending or active): what they can do now. Refused: the number again."""
    if refused:
        slots = {"step": PHONE, "fails": 0}
        moved = replace(state, step=PHONE)
        return Turn(
            slots=slots, replies=[Reply("utter_representative_phone_invalid"), question_for(moved)]
        )
    if status is None:
        return Turn(replies=[Reply("utter_default"), question_for(state)])
    details = {**_details(state), "status": status}
    slots = {"step": ACTING, "representing": details, "fails": 0}
    return Turn(slots=slots, replies=[Reply("utter_representative_registered", {"status": status})])


def after_read_for(state: FlowState, result: dict[str, Any] | None) -> Turn:
    """What is held about the person, or why they may not see it; then what next."""
    menu = Reply("utter_representative_menu")
    if result is None:
        return Turn(replies=[Reply("utter_default"), menu])
    if not result.get("allowed"):
        reason = Reply("utter_representative_not_allowed", {"reason": result.get("reason")})
        return Turn(replies=[reason, menu])
    held = result.get("held") or {}
    arguments = {
        "held": bool(held.get("held")),
        "interpreter_needed": (held.get("interpreter") or {}).get("needed"),
        "interpreter_language": (held.get("interpreter") or {}).get("language"),
        "answers": held.get("answers") or {},
    }
    return Turn(replies=[Reply("utter_their_data", arguments), menu])


def after_answer(state: FlowState, answered: dict[str, Any], confirmed: bool) -> Turn:
    """The person's YES or NO, thanked in their language; a YES is their consent too, so a
    person new to us carries on with the interpreter question."""
    language = answered.get("language") or state.language or "en"
    thanks = Reply("utter_representative_answered", {"confirmed": confirmed})
    if confirmed and state.step is None:
        updates = {"language": language, "consent_given": True}
        turn = go_to(replace(state, **updates), Step.INTERPRETER_NEEDED, updates)
        turn.replies.insert(0, thanks)
        return turn
    slots: dict[str, Any] = {"language": language}
    if confirmed:
        slots["consent_given"] = True
    return Turn(slots=slots, replies=[thanks])


def after_end(state: FlowState, ended: bool, language: str | None = None) -> Turn:
    """Nobody acts for them now (or we couldn't say so), in their language if we know it only
    from the records (a first message); then where they were."""
    said = Reply("utter_representative_ended" if ended else "utter_default")
    slots = {"language": language} if language and state.language is None else {}
    if state.step in AT_REST:
        return Turn(slots=slots, replies=[said])
    return Turn(slots=slots, replies=[said, question_for(state)])
