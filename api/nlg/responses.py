"""Response definitions: names, English source texts and buttons (a contract with the bot).

Every text is marked with ``P_(<response name>, "English text")`` so ``pybabel extract``
(keyword ``P_:1c,2``) writes it to locales/frontdoor.pot with the response name as msgctxt.
Placeholders are named (``%(language)s``). Language names never come from the catalogs: they
come from locales/languages.yml (native names) or Babel (names in the conversation language).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from babel import UnknownLocaleError
from babel.dates import format_date

from api.core.codes import INTERPRETER_MENU
from api.core.local_time import UK_ZONE
from api.nlg import (
    booking_responses,
    check_in_responses,
    feedback_responses,
    identity_responses,
    representative_responses,
)
from api.nlg.booking_responses import (
    babel_locale,
    booked,
    cancelled,
    choose_booking,
    confirm_cancel,
    offer_slots,
)
from api.nlg.context import RenderContext
from api.nlg.flow_responses import (
    answer_lines,
    ask_change,
    ask_question,
    help_text,
    privacy_notice,
)
from api.nlg.messages import P_, Button, Msg, Rendered
from api.translations.languages import DEFAULT_LANGUAGE

ResponseFn = Callable[[RenderContext], Rendered]

AFFIRM = "/affirm"
DENY = "/deny"


def _payload(intent: str, entities: dict[str, str]) -> str:
    """A Rasa payload that sets entities, e.g. /inform{"interpreter_language":"ur"}."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}"


def _capitalised(name: str) -> str:
    """A language name as a menu title (Babel gives lower case in e.g. Polish)."""
    return name[:1].upper() + name[1:]


def _text(msg: Msg) -> ResponseFn:
    """A response that is one text and no buttons."""
    return lambda ctx: Rendered(ctx.t(msg))


def _yes_no(question: Msg, yes: Msg, no: Msg) -> ResponseFn:
    """A question answered with Yes (/affirm) or No (/deny)."""
    return lambda ctx: Rendered(
        ctx.t(question), [Button(ctx.t(yes), AFFIRM), Button(ctx.t(no), DENY)]
    )


def ask_language(ctx: RenderContext) -> Rendered:
    """The language menu: a short prompt in English (and the current language), native names.

    With many languages one welcome line each is too long for SMS, so each option is written in
    its own script instead (the channel numbers the buttons).
    """
    welcome = P_(
        "utter_ask_language",
        "Welcome to Front Door. Reply with a number to choose your language.",
    )
    lines = [ctx.t(welcome, in_language=DEFAULT_LANGUAGE)]
    if ctx.language.code != DEFAULT_LANGUAGE:
        lines.append(ctx.t(welcome))
    buttons = [
        Button(language.native_name, _payload("choose_language", {"language": language.code}))
        for language in ctx.languages.ordered
    ]
    return Rendered("\n".join(lines), buttons)


def ask_interpreter_language(ctx: RenderContext) -> Rendered:
    """Which language the interpreter should speak, names in the conversation language."""
    question = P_("utter_ask_interpreter_language", "Which language should the interpreter speak?")
    buttons = [
        Button(
            _capitalised(ctx.language_name(code)),
            _payload("inform", {"interpreter_language": code}),
        )
        for code in INTERPRETER_MENU
    ]
    return Rendered(ctx.t(question), buttons)


def _interpreter_line(ctx: RenderContext) -> str | None:
    """The read-back line about an interpreter, or None when the question was skipped."""
    needed = ctx.value("interpreter_needed")
    code = ctx.value("interpreter_language")
    if needed is False:
        return ctx.t(P_("utter_read_back", "Interpreter: not needed"))
    if needed is not True:
        return None
    if isinstance(code, str) and code:
        # TRANSLATORS: %(language)s is a language name from CLDR, lower case in some languages.
        name = ctx.language_name(code)
        return ctx.t(P_("utter_read_back", "Interpreter: %(language)s"), language=name)
    return ctx.t(P_("utter_read_back", "Interpreter: needed, language not given"))


def read_back(ctx: RenderContext) -> Rendered:
    """What we will record, for the person to confirm or change."""
    lines = [
        ctx.t(P_("utter_read_back", "Here is what we will record:")),
        # TRANSLATORS: %(language)s is the conversation language's own name, e.g. "Polski".
        ctx.t(P_("utter_read_back", "Language: %(language)s"), language=ctx.language.native_name),
    ]
    interpreter = _interpreter_line(ctx)
    if interpreter is not None:
        lines.append(interpreter)
    lines += answer_lines(ctx)
    lines.append(ctx.t(P_("utter_read_back", "Is this right?")))
    buttons = [
        Button(ctx.t(P_("utter_read_back", "Yes")), AFFIRM),
        Button(ctx.t(P_("utter_read_back", "No")), DENY),
    ]
    return Rendered("\n".join(lines), buttons)


def callback_requested(ctx: RenderContext) -> Rendered:
    """When to expect the call, as a date in the person's language, and what to do if urgent."""
    try:
        due = datetime.fromisoformat(str(ctx.value("due_at"))).astimezone(UK_ZONE)
        day = format_date(due, "full", locale=babel_locale(ctx.language.code))
    except (ValueError, TypeError, UnknownLocaleError):
        day = None
    lines = [
        ctx.t(
            P_("utter_callback_requested", "Thank you. A person will call you by %(day)s."), day=day
        )
        if day
        else ctx.t(P_("utter_callback_requested", "Thank you. A person will call you soon."))
    ]
    code = ctx.value("interpreter_language")
    if isinstance(code, str) and code:
        # TRANSLATORS: %(language)s is a language name from CLDR, lower case in some languages.
        lines.append(
            ctx.t(
                P_("utter_callback_requested", "They will have a %(language)s interpreter."),
                language=ctx.language_name(code),
            )
        )
    lines.append(
        ctx.t(
            P_(
                "utter_callback_requested",
                "If you need help sooner, call NHS 111. In an emergency, call 999.",
            )
        )
    )
    return Rendered("\n".join(lines))


def confirm_language(ctx: RenderContext) -> Rendered:
    """A guess at the person's language, asked in that language (its own name for it)."""
    # TRANSLATORS: %(language)s is the language's own name, e.g. "Polski".
    question = P_(
        "utter_confirm_language",
        "It looks like you are writing in %(language)s. Shall we carry on in %(language)s?",
    )
    buttons = [
        Button(ctx.t(P_("utter_confirm_language", "Yes")), AFFIRM),
        Button(ctx.t(P_("utter_confirm_language", "No, choose another language")), DENY),
    ]
    return Rendered(ctx.t(question, language=ctx.language.native_name), buttons)


def already_done(ctx: RenderContext) -> Rendered:
    """After saving: nothing more is needed, and they can change or see their answers."""
    text = P_(
        "utter_already_done",
        "Your answers are already saved. Thank you. There is nothing else you need to do for now.",
    )
    buttons = [
        Button(ctx.t(P_("utter_already_done", "Book an appointment")), "/book_appointment"),
        Button(ctx.t(P_("utter_already_done", "Change my answers")), "/change"),
        Button(ctx.t(P_("utter_already_done", "See what you hold about me")), "/my_data"),
        Button(ctx.t(P_("utter_already_done", "Move an appointment")), "/move_booking"),
        Button(ctx.t(P_("utter_already_done", "Cancel an appointment")), "/cancel_booking"),
        Button(ctx.t(P_("utter_already_done", "Tell us how it went")), "/give_feedback"),
        Button(ctx.t(P_("utter_already_done", "Contact us for someone else")), "/for_someone"),
    ]
    return Rendered(ctx.t(text), buttons)


def my_data(ctx: RenderContext) -> Rendered:
    """MY DATA: everything held about the person, or that nothing is."""
    if not ctx.value("held"):
        return Rendered(ctx.t(P_("utter_my_data", "We don't hold anything about you.")))
    lines = [ctx.t(P_("utter_my_data", "This is what we hold about you:"))]
    interpreter = _interpreter_line(ctx)
    if interpreter is not None:
        lines.append(interpreter)
    lines += answer_lines(ctx)
    return Rendered("\n".join(lines))


RESPONSES: dict[str, ResponseFn] = {
    "utter_ask_language": ask_language,
    "utter_ask_consent": _yes_no(
        P_(
            "utter_ask_consent",
            "We'd like to record your language and any support you need, and share it with "
            "the NHS services that care for you. You can ask to see or delete it at any time. "
            "Is that OK?",
        ),
        P_("utter_ask_consent", "Yes"),
        P_("utter_ask_consent", "No"),
    ),
    "utter_no_consent": _text(
        P_(
            "utter_no_consent",
            "That's fine. Nothing has been recorded. Send us any message if you change your mind.",
        )
    ),
    "utter_ask_interpreter_needed": _yes_no(
        P_(
            "utter_ask_interpreter_needed",
            "Would you like an interpreter when you talk to NHS services?",
        ),
        P_("utter_ask_interpreter_needed", "Yes"),
        P_("utter_ask_interpreter_needed", "No"),
    ),
    "utter_ask_interpreter_language": ask_interpreter_language,
    "utter_read_back": read_back,
    "utter_saved": _text(
        P_(
            "utter_saved",
            "Thank you. Your answers are saved and shared with the NHS services that care for you.",
        )
    ),
    "utter_save_failed": _text(
        # TRANSLATORS: YES is the word the person texts back; use your language's word for yes.
        P_(
            "utter_save_failed",
            "Sorry, we couldn't save this just now. Your answers are kept. Reply YES to try again.",
        )
    ),
    "utter_not_understood": _text(
        P_(
            "utter_not_understood",
            "Sorry, I didn't understand. Please reply with one of the numbers.",
        )
    ),
    "utter_empty_message": _text(
        P_(
            "utter_empty_message",
            "I couldn't see any words in your message. Please reply with a number or a few words.",
        )
    ),
    "utter_start_again": _text(P_("utter_start_again", "No problem, let's go through it again.")),
    "utter_already_done": already_done,
    "utter_ask_question": ask_question,
    "utter_offer_slots": offer_slots,
    "utter_choose_booking": choose_booking,
    "utter_confirm_cancel": confirm_cancel,
    "utter_cancelled": cancelled,
    "utter_ask_code": identity_responses.ask_code,
    "utter_code_wrong": _text(P_("utter_code_wrong", "That code is not right. Please try again.")),
    "utter_code_refused": identity_responses.code_refused,
    "utter_code_locked": identity_responses.code_locked,
    "utter_code_not_sent": identity_responses.code_not_sent,
    "utter_no_bookings": _text(
        P_("utter_no_bookings", "You have no appointments booked with us. Send BOOK to make one.")
    ),
    "utter_booking_kept": _text(P_("utter_booking_kept", "That's fine, your appointment stays.")),
    "utter_check_in": check_in_responses.ask,
    "utter_check_in_same": check_in_responses.same,
    "utter_check_in_worse": check_in_responses.worse,
    "utter_check_in_help_now": check_in_responses.help_now,
    "utter_booked": booked,
    "utter_reminder": booking_responses.reminder,
    "utter_moved": booking_responses.moved,
    "utter_no_other_slots": _text(booking_responses.NO_OTHER_SLOTS),
    "utter_feedback_question": feedback_responses.question,
    "utter_feedback_thanks": _text(feedback_responses.THANKS),
    "utter_feedback_skipped": _text(feedback_responses.SKIPPED),
    "utter_no_slots": _text(
        P_(
            "utter_no_slots",
            "There are no appointments that fit what you need right now. "
            "Send BOOK again later, or CALL ME and a person will help.",
        )
    ),
    "utter_slot_gone": _text(
        P_("utter_slot_gone", "Sorry, someone has just taken that appointment.")
    ),
    "utter_no_slot_chosen": _text(
        P_("utter_no_slot_chosen", "That's fine. Send BOOK whenever you want to look again.")
    ),
    "utter_confirm_language": confirm_language,
    "utter_callback_requested": callback_requested,
    "utter_ask_change": ask_change,
    "utter_my_data": my_data,
    "utter_confirm_delete": _yes_no(
        P_(
            "utter_confirm_delete",
            "Do you want us to delete everything we hold about you? "
            "NHS services will no longer see your needs. This can't be undone.",
        ),
        P_("utter_confirm_delete", "Yes, delete it"),
        P_("utter_confirm_delete", "No, keep it"),
    ),
    "utter_deleted": _text(
        P_(
            "utter_deleted",
            "Done. We have deleted everything we held about you. "
            "Send us a message any time if you want to start again.",
        )
    ),
    "utter_moving_on": _text(
        P_(
            "utter_moving_on",
            "Let's move on to the next question. Send BACK to answer that one later, "
            "or CALL ME if you'd like a person to ring you.",
        )
    ),
    "utter_help": help_text,
    "utter_privacy": privacy_notice,
    "utter_default": _text(
        P_("utter_default", "Sorry, something went wrong on our side. Please try again.")
    ),
    "utter_voice_no_input": _text(
        P_(
            "utter_voice_no_input",
            "We didn't hear anything, so we'll end this call now. You can carry on by text "
            "message: send any message to this number and we'll continue where we left off. "
            "Or call us again at any time. Goodbye.",
        )
    ),
}

RESPONSES.update(representative_responses.RESPONSES)

FALLBACK_RESPONSE = "utter_default"
