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

from api.core.codes import OTHER_LANGUAGE, interpreter_menu
from api.core.local_time import UK_ZONE
from api.nlg import (
    booking_responses,
    check_in_responses,
    feedback_responses,
    identity_responses,
    opt_out_responses,
    provider_need_responses,
    representative_responses,
    who_sees_responses,
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
from api.nlg.keyword_wording import mentions
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


def _naming_keywords(msg: Msg) -> ResponseFn:
    """A response that is one text naming keywords (%(book)s, %(call_me)s, …)."""
    return lambda ctx: Rendered(ctx.t(msg, **mentions(ctx)))


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
    """Which language the interpreter should speak: the conversation's own first, every offered
    language, BSL, then "another language" (names in the conversation language)."""
    question = P_("utter_ask_interpreter_language", "Which language should the interpreter speak?")
    # The conversation's language, also when a call words it in English (api/nlg/voice.py).
    spoken_in = ctx.value("language")
    own = spoken_in if ctx.languages.is_offered(spoken_in) else ctx.language.code
    menu = interpreter_menu(own, ctx.languages.codes())
    buttons = [
        Button(
            _capitalised(ctx.interpreter_language_name(code)),
            _payload("inform", {"interpreter_language": code}),
        )
        for code in menu
    ]
    other = P_("utter_ask_interpreter_language", "Another language")
    buttons.append(
        Button(ctx.t(other), _payload("inform", {"interpreter_language": OTHER_LANGUAGE}))
    )
    return Rendered(ctx.t(question), buttons)


def ask_interpreter_other(ctx: RenderContext) -> Rendered:
    """After "another language": the person writes (or says) the language's name."""
    return Rendered(
        ctx.t(
            P_(
                "utter_ask_interpreter_other",
                "Please tell us the name of the language the interpreter should speak, "
                "for example Pashto.",
            )
        )
    )


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
        name = ctx.interpreter_language_name(code)
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
    """When to expect the call, as a date in the person's language, and what to do if urgent.

    The date and the language are the values of labels: "by Tuesday" or "a Polish interpreter"
    would need a case, a preposition or an agreement the inserted name can't carry."""
    try:
        due = datetime.fromisoformat(str(ctx.value("due_at"))).astimezone(UK_ZONE)
        day = format_date(due, "full", locale=babel_locale(ctx.language.code))
    except (ValueError, TypeError, UnknownLocaleError):
        day = None
    lines = [ctx.t(P_("utter_callback_requested", "Thank you. A person will call you soon."))]
    if day:
        # TRANSLATORS: %(day)s is a date in full, e.g. "Tuesday, 24 November 2026".
        latest = P_("utter_callback_requested", "Latest day for the call: %(day)s")
        lines.append(ctx.t(latest, day=day))
    code = ctx.value("interpreter_language")
    if isinstance(code, str) and code:
        # TRANSLATORS: %(language)s is a language name from CLDR, lower case in some languages.
        lines.append(
            ctx.t(
                P_("utter_callback_requested", "Interpreter on the call: %(language)s"),
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
    """A guess at the person's language, asked in that language, which names itself in its own
    grammar ("po polsku", "українською", "yn Gymraeg"): no name is inserted."""
    # TRANSLATORS: name your own language here, as a speaker would ("po polsku", "en español").
    question = P_(
        "utter_confirm_language",
        "It looks like you are writing in English. Shall we carry on in English?",
    )
    buttons = [
        Button(ctx.t(P_("utter_confirm_language", "Yes")), AFFIRM),
        Button(ctx.t(P_("utter_confirm_language", "No, choose another language")), DENY),
    ]
    return Rendered(ctx.t(question), buttons)


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
        Button(ctx.t(P_("utter_already_done", "Who can see my needs")), "/who_sees"),
        Button(ctx.t(P_("utter_already_done", "Who has read my record")), "/who_read"),
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
    lines += provider_need_responses.held_lines(ctx)  # what providers recorded, and the answer
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
    "utter_ask_interpreter_other": ask_interpreter_other,
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
    "utter_no_bookings": _naming_keywords(
        P_(
            "utter_no_bookings",
            "You have no appointments booked with us. Send %(book)s to make one.",
        )
    ),
    "utter_booking_kept": _text(P_("utter_booking_kept", "That's fine, your appointment stays.")),
    "utter_opted_out": opt_out_responses.stopped,
    "utter_opted_in": opt_out_responses.started,
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
    "utter_no_slots": _naming_keywords(
        P_(
            "utter_no_slots",
            "There are no appointments that fit what you need right now. "
            "Send %(book)s again later, or %(call_me)s and a person will help.",
        )
    ),
    "utter_slot_gone": _text(
        P_("utter_slot_gone", "Sorry, someone has just taken that appointment.")
    ),
    "utter_no_slot_chosen": _naming_keywords(
        P_("utter_no_slot_chosen", "That's fine. Send %(book)s whenever you want to look again.")
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
    "utter_moving_on": _naming_keywords(
        P_(
            "utter_moving_on",
            "Let's move on to the next question. Send %(back)s to answer that one later, "
            "or %(call_me)s if you'd like a person to ring you.",
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
    **who_sees_responses.RESPONSES,
    **provider_need_responses.RESPONSES,
}

RESPONSES.update(representative_responses.RESPONSES)

FALLBACK_RESPONSE = "utter_default"
